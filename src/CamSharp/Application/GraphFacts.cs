using CamSharp.Engine;
using CamSharp.Onnx;

namespace CamSharp.Application;

/// <summary>
/// Read-only questions about a model's graph at one planned input size: who produces and
/// reads a value, its shape, whether it depends on the input, which module names it.
/// </summary>
internal sealed class GraphFacts(Model model, Plan plan)
{
    /// <summary>Ops that change neither what a value means nor where it is (walked through when tracing a head).</summary>
    private static readonly HashSet<string> PassThrough = new(StringComparer.Ordinal)
    {
        "Identity", "Dropout", "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Relu", "Clip", "LeakyRelu", "Sigmoid",
        "Softmax", "LogSoftmax", "GlobalAveragePool", "GlobalMaxPool", "ReduceMean", "ReduceMax", "AveragePool", "MaxPool",
        "Cast", "Mul", "Div", "Add", "Sub", "BatchNormalization", "LayerNormalization", "Transpose", "Gather", "Slice",
        "Concat", "Pow", "Sqrt", "HardSwish", "Elu", "Gelu", "Erf", "Tanh", "ReduceL2", "LpNormalization",
    };

    public Model Model { get; } = model;

    public Plan Plan { get; } = plan;

    private Graph Graph => Model.Graph;

    public int[]? Shape(string value) => Plan.TryShapeOf(value);

    public Node? Producer(string value)
    {
        int p = Graph.HasValue(value) ? Graph.Producer[Graph.ValueId(value)] : -1;
        return p >= 0 ? Graph.Nodes[p] : null;
    }

    public IEnumerable<Node> Consumers(string value) =>
        Graph.HasValue(value) ? Graph.Consumers[Graph.ValueId(value)].Select(i => Graph.Nodes[i]) : [];

    /// <summary>Whether the value depends on the input's data (not a weight, constant or shape computation).</summary>
    public bool IsActivation(string value) =>
        value.Length > 0 && Graph.HasValue(value) && Plan.Constants[Graph.ValueId(value)] is null && Graph.Initializers[Graph.ValueId(value)] is null;

    /// <summary>An image map N×C×H×W or a video map N×C×D×H×W with more than one row and column.</summary>
    public static bool IsSpatial(int[]? shape) => shape is { Length: 4 or 5 } && shape[^2] > 1 && shape[^1] > 1;

    /// <summary>Whether the node reads a weight tensor (an initializer or folded constant among its inputs).</summary>
    public bool IsWeighted(Node node) =>
        node.OpType is "Conv" or "Gemm" or "MatMul" or "ConvInteger" or "MatMulInteger" or "QLinearConv" or "QLinearMatMul"
        && node.Inputs.Skip(1).Any(i => i.Length > 0 && !IsActivation(i));

    public static bool IsPassThrough(Node node) => PassThrough.Contains(node.OpType);

    /// <summary>The input that carries the data: the largest activation input.</summary>
    public string? MainInput(Node node) =>
        node.Inputs.Where(IsActivation).OrderByDescending(v => Shape(v)?.Aggregate(1L, (a, d) => a * d) ?? 0).FirstOrDefault();

    /// <summary>Node indices in execution order.</summary>
    public IEnumerable<Node> NodesInOrder => Graph.Order.Select(i => Graph.Nodes[i]);

    /// <summary>
    /// The name a user would type for a value: the shallowest module that outputs exactly this
    /// value, skipping containers that hold most of the network (squeezenet's <c>features</c>,
    /// whose output is also <c>features.12</c>'s); the value name when no module does.
    /// </summary>
    public string NameOf(string value)
    {
        int total = Math.Max(1, Graph.Nodes.Count);
        var owners = Model.Modules.All.Where(m => m.OutputValues.Count == 1 && m.OutputValues[0] == value).OrderBy(m => m.Depth).ToList();
        var chosen = owners.FirstOrDefault(m => m.Nodes.Count * 2 <= total) ?? owners.LastOrDefault();
        return chosen?.Path ?? value;
    }

    /// <summary>The module whose nodes include the producer of a value, deepest first.</summary>
    public Module? OwnerOf(string value)
    {
        var producer = Producer(value);
        return producer is null ? null : Model.Modules.All.Where(m => m.Nodes.Contains(producer)).OrderByDescending(m => m.Depth).FirstOrDefault();
    }
}
