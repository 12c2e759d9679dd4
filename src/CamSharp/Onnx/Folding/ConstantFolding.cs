using CamSharp.Engine;
using CamSharp.Ops;
using CamSharp.Tensors;

namespace CamSharp.Onnx.Folding;

/// <summary>
/// Exporters compute some constants in the graph (index arithmetic with Mod, a ScatterND that
/// patches a constant grid). Before operators are judged, every node the engine does not run
/// but whose inputs are all constants is evaluated by <see cref="ConstantEvaluator"/> and
/// replaced by its result, so such a model is not refused for an operator that never sees
/// image data. The constant inputs may themselves come from supported nodes (Shape, Gather,
/// Concat ...): those are evaluated on demand with the engine's own operators and left in
/// place for the planner.
/// </summary>
internal sealed class ConstantFolding
{
    /// <summary>The largest tensor evaluated at load; bigger constants wait for the planner.</summary>
    private const long MaxElements = 1 << 22;

    private readonly Dictionary<string, Tensor> _initializers;
    private readonly Dictionary<string, Tensor> _evaluated = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Node> _producers = new(StringComparer.Ordinal);
    private readonly Func<string, bool> _supports;
    private readonly int _opset;
    private readonly ResourceLimits _limits;

    private ConstantFolding(IReadOnlyList<Node> nodes, Dictionary<string, Tensor> initializers, int opset, Func<string, bool> supports, ResourceLimits limits)
    {
        _initializers = initializers;
        _limits = limits;
        _opset = opset;
        _supports = supports;
        foreach (var node in nodes)
            foreach (var output in node.Outputs)
                if (output.Length > 0) _producers.TryAdd(output, node);
    }

    /// <summary>
    /// The nodes left after folding; folded results join <paramref name="initializers"/>.
    /// A node that cannot be folded stays, to be reported with the other unsupported operators.
    /// </summary>
    public static List<Node> Run(IReadOnlyList<Node> nodes, Dictionary<string, Tensor> initializers, int opset,
        Func<string, bool> supports, ResourceLimits limits)
    {
        if (nodes.All(n => n.Domain.Length > 0 || supports(n.OpType) || !ConstantEvaluator.CanEvaluate(n.OpType))) return nodes.ToList();
        var folding = new ConstantFolding(nodes, initializers, opset, supports, limits);
        var kept = new List<Node>(nodes.Count);
        foreach (var node in nodes)
            if (!folding.TryFold(node)) kept.Add(node);
        return kept;
    }

    private bool TryFold(Node node)
    {
        if (node.Domain.Length > 0 || _supports(node.OpType) || !ConstantEvaluator.CanEvaluate(node.OpType)) return false;
        var inputs = new Tensor?[node.Inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (node.Inputs[i].Length == 0) continue;
            if (Value(node.Inputs[i], depth: 0) is not { } t) return false;
            inputs[i] = t;
        }
        Tensor[] outputs;
        try
        {
            outputs = ConstantEvaluator.Evaluate(node, inputs);
        }
        catch (ModelException)
        {
            return false; // reported as an unsupported operator instead
        }
        for (int k = 0; k < outputs.Length && k < node.Outputs.Length; k++)
            if (node.Outputs[k].Length > 0) _initializers[node.Outputs[k]] = outputs[k];
        return true;
    }

    /// <summary>A constant value by name: an initializer, or the output of a constant-only supported node (evaluated now).</summary>
    private Tensor? Value(string name, int depth)
    {
        if (_initializers.TryGetValue(name, out var t) || _evaluated.TryGetValue(name, out t)) return t;
        // Deep chains are not constants worth folding at load; the planner still folds them per plan.
        if (depth > 64 || !_producers.TryGetValue(name, out var node) || node.Domain.Length > 0 || !_supports(node.OpType)) return null;
        var inputs = new Tensor?[node.Inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            if (node.Inputs[i].Length == 0) continue;
            if (Value(node.Inputs[i], depth + 1) is not { } input) return null;
            inputs[i] = input;
        }
        if (!TryRun(node, inputs, out var outputs)) return null;
        for (int k = 0; k < outputs.Length && k < node.Outputs.Length; k++)
            if (node.Outputs[k].Length > 0) _evaluated[node.Outputs[k]] = outputs[k];
        return _evaluated.GetValueOrDefault(name);
    }

    /// <summary>Runs an engine operator on constants, as the planner folds them; false when it refuses.</summary>
    private bool TryRun(Node node, Tensor?[] inputs, out Tensor[] outputs)
    {
        outputs = [];
        try
        {
            var op = OperatorRegistry.Create(node, _opset);
            var ctx = new InferContext(inputs.Select(t => t is null ? (TensorInfo?)null : new TensorInfo(t.Type, t.Shape)).ToArray(),
                inputs, node.Outputs.Length);
            op.Infer(ctx);
            var result = new Tensor[node.Outputs.Length];
            bool run = false;
            for (int k = 0; k < result.Length; k++)
            {
                if (ctx.ConstantOutputs[k] is { } c) result[k] = c;
                else
                {
                    var info = ctx.Outputs[k] ?? new TensorInfo(DataType.Float32, [0]);
                    // Load-time folding is for small index arithmetic, not for materialising weights.
                    if (info.Shape.Aggregate(1L, (n, d) => n * d) > Math.Min(_limits.MaxElements, MaxElements)) return false;
                    result[k] = Tensor.Uninitialized(info.Type, info.Shape);
                    run = true;
                }
            }
            if (run) Executor.Forward(op, inputs, result);
            outputs = result;
            return true;
        }
        catch (Exception e) when (e is ModelException or InputException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return false;
        }
    }
}
