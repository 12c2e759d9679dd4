using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// The values a load-time rewrite may take as known without running the graph: initializers,
/// Constant nodes and Identity copies of them, looked up by name in one scope and then in its
/// enclosing scope (a loop body reads the outer graph's constants). Anything computed (a
/// Shape → Gather chain) is left to the planner, which folds it per input shape.
/// </summary>
internal sealed class LoadTimeConstants
{
    /// <summary>How many Identity copies are followed; exporters write one at most.</summary>
    private const int MaxIdentityDepth = 8;

    private readonly IReadOnlyDictionary<string, Tensor> _initializers;
    private readonly Dictionary<string, Node> _producers = new(StringComparer.Ordinal);
    private readonly LoadTimeConstants? _outer;

    public LoadTimeConstants(IEnumerable<Node> nodes, IReadOnlyDictionary<string, Tensor> initializers, LoadTimeConstants? outer = null)
    {
        _initializers = initializers;
        _outer = outer;
        foreach (var node in nodes)
            foreach (var output in node.Outputs)
                if (output.Length > 0) _producers.TryAdd(output, node);
    }

    /// <summary>The node that produces <paramref name="value"/> in this scope, or null.</summary>
    public Node? Producer(string value) => _producers.GetValueOrDefault(value);

    /// <summary>The value's tensor when it is a constant of this scope or an enclosing one, else null.</summary>
    public Tensor? Get(string value) => Get(value, 0);

    /// <summary>Whether the value is a constant holding exactly one element that is not zero (a loop condition).</summary>
    public bool IsTrue(string value) => Get(value) is { Length: 1 } t && t.GetDouble(0) != 0;

    /// <summary>A constant holding exactly one integer, as trip counts and positions are given; null otherwise.</summary>
    public long? Integer(string value) => Get(value) is { Length: 1, Type: DataType.Int64 } t ? t.Longs[0] : null;

    private Tensor? Get(string value, int depth)
    {
        if (value.Length == 0 || depth > MaxIdentityDepth) return null;
        if (_initializers.TryGetValue(value, out var t)) return t;
        if (!_producers.TryGetValue(value, out var node)) return _outer?.Get(value, depth);
        if (node.Domain.Length > 0) return null;
        return node.OpType switch
        {
            "Constant" => ValueOf(node),
            "Identity" when node.Inputs.Length > 0 => Get(node.Inputs[0], depth + 1),
            _ => null,
        };
    }

    private static Tensor? ValueOf(Node constant)
    {
        try
        {
            var ctx = new InferContext([], [], constant.Outputs.Length);
            new Ops.Constant(constant).Infer(ctx);
            return ctx.ConstantOutputs[0];
        }
        catch (ModelException)
        {
            return null; // a malformed Constant is reported when the graph is built
        }
    }
}
