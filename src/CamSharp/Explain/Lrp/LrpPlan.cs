using CamSharp.Engine;
using CamSharp.Ops;
using CamSharp.Tensors;

namespace CamSharp.Explain.Lrp;

/// <summary>
/// The rule of every node of one plan under one composite, applied as a backward override:
/// what the output gradient carries is relevance, and each node hands relevance to its inputs.
/// </summary>
internal sealed class LrpPlan
{
    private enum Kind { Pass, Norm, Linear }

    private sealed record Step(Kind Kind, LrpRule? Rule = null, Operator? Fresh = null, Tensor? Weight = null, Tensor? Bias = null);

    private static readonly HashSet<string> Activations = new(StringComparer.Ordinal)
    {
        "Relu", "Clip", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Sigmoid", "Tanh", "Softplus", "Softsign",
        "HardSigmoid", "HardSwish", "Gelu", "Mish", "ThresholdedRelu", "Identity", "Dropout",
    };

    private static readonly HashSet<string> Proportional = new(StringComparer.Ordinal) { "Add", "Sum", "AveragePool", "GlobalAveragePool" };

    private readonly Dictionary<Node, Step> _steps = new(ReferenceEqualityComparer.Instance);
    private readonly float _stabilizer;

    public LrpPlan(Plan plan, LrpComposite composite)
    {
        _stabilizer = composite.Stabilizer;
        var graph = plan.Graph;
        var consumers = new int[graph.ValueCount];
        for (int n = 0; n < graph.Nodes.Count; n++)
            foreach (int v in graph.NodeInputs[n]) if (v >= 0) consumers[v]++;
        foreach (int v in graph.OutputIds) consumers[v]++;

        bool first = true;
        for (int n = 0; n < graph.Nodes.Count; n++)
        {
            var node = graph.Nodes[n];
            var ins = graph.NodeInputs[n];
            bool linear = node.OpType is "Conv" or "Gemm" or "MatMul" && ins.Length > 1 && ins[1] >= 0 && plan.Constants[ins[1]] is not null;
            if (linear)
            {
                bool conv = node.OpType == "Conv";
                var rule = conv ? composite.Convolution : composite.Dense;
                if (first && composite.First is { } f && (conv || !composite.FirstOnlyIfConvolution)) rule = f;
                first = false;
                var weight = plan.Constants[ins[1]]!;
                var bias = ins.Length > 2 && ins[2] >= 0 ? plan.Constants[ins[2]] : null;
                if (conv && MergedBatchNorm(plan, n, consumers) is { } bn)
                {
                    (weight, bias) = BatchNormMerge.Merge(graph.Nodes[bn], plan, weight, bias);
                    _steps[graph.Nodes[bn]] = new Step(Kind.Pass);
                }
                _steps[node] = new Step(Kind.Linear, rule, OperatorRegistry.Create(node, graph.Opset), weight, bias);
            }
            else if (Proportional.Contains(node.OpType)) _steps[node] = new Step(Kind.Norm);
            else if (Activations.Contains(node.OpType) || node.OpType == "BatchNormalization") _steps.TryAdd(node, new Step(Kind.Pass));
        }
    }

    /// <summary>The BatchNormalization node that alone reads Conv node <paramref name="n"/>'s output and has constant parameters, if any.</summary>
    private static int? MergedBatchNorm(Plan plan, int n, int[] consumers)
    {
        var graph = plan.Graph;
        int y = graph.NodeOutputs[n][0];
        if (y < 0 || consumers[y] != 1) return null;
        for (int m = 0; m < graph.Nodes.Count; m++)
        {
            if (graph.Nodes[m].OpType != "BatchNormalization" || graph.NodeInputs[m][0] != y) continue;
            bool constant = graph.NodeInputs[m].Skip(1).All(v => v >= 0 && plan.Constants[v] is not null);
            return constant && graph.NodeOutputs[m].Skip(1).All(v => v < 0) ? m : null;
        }
        return null;
    }

    /// <summary>The backward override: true when the node's relevance rule ran.</summary>
    public bool Apply(Operator op, BackwardContext ctx)
    {
        if (!_steps.TryGetValue(op.Node, out var step) || ctx.OutputGrad(0) is not { } r) return false;
        switch (step.Kind)
        {
            case Kind.Pass:
                if (ctx.NeedsInputGrad(0)) ctx.SetInputGrad(0, r.Clone());
                return true;
            case Kind.Norm:
                Norm(op, ctx, r);
                return true;
            default:
                if (!ctx.NeedsInputGrad(0)) return true;
                var layer = new LinearLayer(step.Fresh!, ctx, step.Weight!, step.Bias, r.Shape);
                ctx.SetInputGrad(0, step.Rule!.Relevance(layer, r));
                return true;
        }
    }

    /// <summary>Zennit's <c>Norm</c>: R_in,k = x_k ⊙ ∂z/∂x_k ᵀ (R / (z + ε·sign z)), through the operator's own backward.</summary>
    private void Norm(Operator op, BackwardContext ctx, Tensor r)
    {
        using var s = LrpMath.Divide(r, ctx.Output(0), _stabilizer);
        int count = ctx.InputCount;
        var inputs = Enumerable.Range(0, count).Select(ctx.OptionalInput).ToArray();
        var infos = Enumerable.Range(0, count).Select(i => ctx.HasInput(i) ? ctx.InputInfo(i) : (TensorInfo?)null).ToArray();
        var needs = Enumerable.Range(0, count).Select(ctx.NeedsInputGrad).ToArray();
        var inner = new BackwardContext(inputs, infos, [ctx.Output(0)], [s], needs);
        op.Backward(inner);
        for (int k = 0; k < count; k++)
        {
            if (inner.InputGrads[k] is not { } g) continue;
            System.Numerics.Tensors.TensorPrimitives.Multiply(g.Floats, ctx.Input(k).Floats, g.Floats);
            ctx.SetInputGrad(k, g);
        }
    }
}
