using CamSharp.Engine;
using CamSharp.Onnx.Proto;

namespace CamSharp.Onnx;

/// <summary>
/// Records which integer type a quantizing node writes. The spec takes it from the zero
/// point's element type, which the engine loses when it widens every integer to Int64, so
/// the reader looks the type up in the file (initializers, declared values, Constant, Cast
/// and quantizer outputs) and stores it as the node's <c>output_dtype</c> attribute — the
/// attribute opset 21 gives QuantizeLinear for the same purpose.
/// </summary>
internal static class QuantizedOutputTypes
{
    /// <summary>Op type → the input whose element type is the output's.</summary>
    private static readonly Dictionary<string, int> ZeroPointInput = new(StringComparer.Ordinal)
    {
        ["QuantizeLinear"] = 2,
        ["QLinearConv"] = 7,
        ["QLinearMatMul"] = 7,
    };

    private const int UInt8 = OnnxElementType.UInt8;

    /// <summary>Sets <c>output_dtype</c> on each quantizing node that leaves it implicit and has a zero point of known type.</summary>
    public static void Declare(GraphProto graph, IReadOnlyList<Node> nodes)
    {
        if (!nodes.Any(n => ZeroPointInput.ContainsKey(n.OpType))) return;
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in graph.Initializer) codes[t.Name] = t.DataType;
        foreach (var v in graph.Input.Concat(graph.Output).Concat(graph.ValueInfo))
            if (v.Type?.TensorType is { } tt && tt.ElemType != 0) codes.TryAdd(v.Name, tt.ElemType);
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (ZeroPointInput.TryGetValue(node.OpType, out int zp) && !node.Attributes.Has("output_dtype")
                && zp < node.Inputs.Length && codes.TryGetValue(node.Inputs[zp], out int code))
                node.Attributes.Set("output_dtype", (long)code);
            Record(graph.Node[i], node, codes);
        }
    }

    /// <summary>Notes the element types of a node's outputs where the node fixes them.</summary>
    private static void Record(NodeProto proto, Node node, Dictionary<string, int> codes)
    {
        void Set(int output, int code)
        {
            if (output < node.Outputs.Length && node.Outputs[output].Length > 0) codes.TryAdd(node.Outputs[output], code);
        }
        switch (node.OpType)
        {
            case "Constant":
                if (proto.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } t) Set(0, t.DataType);
                break;
            case "Cast":
                Set(0, (int)node.Attributes.GetInt("to", 0));
                break;
            case "DynamicQuantizeLinear":
                Set(0, UInt8);
                Set(2, UInt8);
                break;
            case "QuantizeLinear" or "QLinearConv" or "QLinearMatMul":
                Set(0, (int)node.Attributes.GetInt("output_dtype", UInt8));
                break;
        }
    }
}
