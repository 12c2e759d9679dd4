using CamSharp.Engine;
using CamSharp.Onnx.Proto;

namespace CamSharp.Onnx;

/// <summary>
/// A Cast to float16 or bfloat16 of a value that already has that type is the identity, and
/// becomes an Identity node. The engine computes float16 graphs widened to float32, so such a
/// Cast would otherwise round a value that, in the widened graph, was never rounded before
/// (converters turn an exporter's no-op Cast to float into one to float16; torchvision's
/// efficientnet and mobilenet_v3 have one after their features). A Cast from float32 still
/// rounds, as ONNX says. Types come from the file (initializers, declared values, Constant and
/// Cast outputs) and follow the data input through the operators that keep its type; a value
/// of unknown type keeps its Cast.
/// </summary>
internal static class SameTypeCasts
{
    /// <summary>Operators whose first output has the element type of their data input (0, or 1 for Where).</summary>
    private static readonly HashSet<string> KeepType = new(StringComparer.Ordinal)
    {
        "Identity", "Dropout", "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Sigmoid", "HardSigmoid", "HardSwish",
        "Tanh", "Exp", "Log", "Sqrt", "Reciprocal", "Neg", "Abs", "Erf", "Gelu", "Mish", "Softplus", "Softsign", "Softmax",
        "LogSoftmax", "Clip", "Add", "Sub", "Mul", "Div", "Pow", "Min", "Max", "Mean", "Sum", "Conv", "ConvTranspose", "Gemm",
        "MatMul", "BatchNormalization", "LayerNormalization", "InstanceNormalization", "GroupNormalization",
        "GlobalAveragePool", "GlobalMaxPool", "AveragePool", "MaxPool", "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin",
        "ReduceL2", "Reshape", "Transpose", "Flatten", "Squeeze", "Unsqueeze", "Concat", "Slice", "Gather", "Split", "Resize",
        "Pad", "Expand", "Tile", "Einsum", "Where",
    };

    private const int Float16 = OnnxElementType.Float16, BFloat16 = OnnxElementType.BFloat16;

    public static List<Node> Run(GraphProto graph, IReadOnlyList<Node> nodes)
    {
        if (!nodes.Any(n => n.OpType == "Cast" && NarrowTarget(n) is not null)) return nodes.ToList();
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in graph.Initializer) codes[t.Name] = t.DataType;
        foreach (var v in graph.Input.Concat(graph.ValueInfo))
            if (v.Type?.TensorType is { } tt && tt.ElemType != 0) codes.TryAdd(v.Name, tt.ElemType);
        foreach (var n in graph.Node)
            if (n.OpType == "Constant" && n.Output.Count > 0 && n.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } t)
                codes.TryAdd(n.Output[0], t.DataType);
        var result = new List<Node>(nodes.Count);
        foreach (var node in nodes)
        {
            var current = node;
            if (node.Domain.Length == 0 && node.OpType == "Cast" && NarrowTarget(node) is int to
                && node.Inputs.Length == 1 && codes.TryGetValue(node.Inputs[0], out int from) && from == to)
                current = new Node(node.Name, "Identity", node.Inputs, node.Outputs, new Attributes(), node.Domain);
            Record(node, codes);
            result.Add(current);
        }
        return result;
    }

    private static int? NarrowTarget(Node cast)
    {
        try
        {
            return cast.Attributes.GetInt("to", 0) is var to && to is Float16 or BFloat16 ? (int)to : null;
        }
        catch (ModelException)
        {
            return null; // a malformed 'to' is the Cast operator's to report
        }
    }

    private static void Record(Node node, Dictionary<string, int> codes)
    {
        if (node.Domain.Length > 0 || node.Outputs.Length == 0 || node.Outputs[0].Length == 0) return;
        int? code = node.OpType switch
        {
            "Cast" => (int)node.Attributes.GetInt("to", 0),
            "Where" => node.Inputs.Length > 1 && codes.TryGetValue(node.Inputs[1], out int w) ? w : null,
            _ when KeepType.Contains(node.OpType) => node.Inputs.Length > 0 && codes.TryGetValue(node.Inputs[0], out int c) ? c : null,
            _ => null,
        };
        if (code is int known) codes.TryAdd(node.Outputs[0], known);
    }
}
