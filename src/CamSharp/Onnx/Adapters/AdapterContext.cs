using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Onnx.Adapters;

/// <summary>
/// What a version adapter may look at and add while it rewrites one graph: the constant
/// tensors (it may add some), the ranks known at load (initializers, declared inputs and
/// value_info, and what the nodes seen so far give), fresh value names, and the problem list.
/// </summary>
internal sealed class AdapterContext
{
    private readonly HashSet<string> _names;
    private readonly Dictionary<string, int> _ranks;

    public AdapterContext(Dictionary<string, Tensor> initializers, IEnumerable<ValueSpec> declared,
        IEnumerable<Node> nodes, List<string> problems)
    {
        Initializers = initializers;
        Problems = problems;
        _ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var spec in declared)
            if (spec.Shape is { } shape) _ranks[spec.Name] = shape.Length;
        foreach (var (name, t) in initializers) _ranks[name] = t.Rank;
        _names = new HashSet<string>(initializers.Keys, StringComparer.Ordinal);
        foreach (var n in nodes)
        {
            _names.UnionWith(n.Inputs);
            _names.UnionWith(n.Outputs);
        }
    }

    public Dictionary<string, Tensor> Initializers { get; }

    public List<string> Problems { get; }

    /// <summary>The rank of a value when load-time facts give it.</summary>
    public int? Rank(string value) => _ranks.TryGetValue(value, out int r) ? r : null;

    /// <summary>Adds a constant under a fresh name built from <paramref name="hint"/> and returns the name.</summary>
    public string AddConstant(string hint, Tensor value)
    {
        string name = NewName(hint);
        Initializers[name] = value;
        _ranks[name] = value.Rank;
        return name;
    }

    /// <summary>A value name no node, input or initializer uses yet.</summary>
    public string NewName(string hint)
    {
        string name = hint;
        for (int i = 1; !_names.Add(name); i++) name = $"{hint}_{i}";
        return name;
    }

    /// <summary>Learns output ranks from an adapted node where the rule is plain, so later nodes can use them.</summary>
    public void Learn(Node node)
    {
        if (node.Outputs.Length == 0 || node.Outputs[0].Length == 0) return;
        int? rank;
        try
        {
            rank = RankOf(node);
        }
        catch (ModelException)
        {
            return; // a malformed attribute is the operator's to report
        }
        if (rank is { } known and >= 0) _ranks.TryAdd(node.Outputs[0], known);
    }

    private int? RankOf(Node node) =>
        node.OpType switch
        {
            "Constant" => node.Attributes.GetTensor("value")?.Rank,
            "Flatten" => 2,
            "Reshape" when node.Inputs.Length > 1 && Initializers.TryGetValue(node.Inputs[1], out var s) => s.Length,
            "Unsqueeze" when node.Attributes.GetInts("axes") is { } axes && Rank(node.Inputs[0]) is { } r => r + axes.Length,
            "Squeeze" when node.Attributes.GetInts("axes") is { } axes && Rank(node.Inputs[0]) is { } r => r - axes.Length,
            "Gemm" => 2,
            _ when KeepsRank.Contains(node.OpType) => LargestRank(node.Inputs),
            _ => null,
        };

    private int? LargestRank(string[] inputs)
    {
        int largest = 0;
        foreach (var input in inputs)
        {
            if (input.Length == 0) continue;
            if (Rank(input) is not { } r) return null;
            largest = Math.Max(largest, r);
        }
        return largest;
    }

    /// <summary>Operators whose first output has the largest rank of their inputs.</summary>
    private static readonly HashSet<string> KeepsRank = new(StringComparer.Ordinal)
    {
        "Abs", "Add", "And", "AveragePool", "BatchNormalization", "Ceil", "Clip", "Concat", "Conv", "ConvTranspose",
        "Div", "Dropout", "Elu", "Equal", "Exp", "Floor", "GlobalAveragePool", "GlobalMaxPool", "Greater", "HardSigmoid",
        "Identity", "InstanceNormalization", "LRN", "LeakyRelu", "Less", "Log", "LogSoftmax", "Max", "MaxPool", "Mean",
        "Min", "Mul", "Neg", "Not", "Or", "PRelu", "Pad", "Pow", "Reciprocal", "Relu", "Selu", "Sigmoid", "Softmax",
        "Softplus", "Softsign", "Sqrt", "Sub", "Sum", "Tanh", "Transpose", "Upsample", "Xor",
    };

    public void Problem(Node node, string message) => Problems.Add($"{node}: {message}");
}
