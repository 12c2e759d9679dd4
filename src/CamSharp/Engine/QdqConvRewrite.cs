using CamSharp.Ops;
using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// The load-time rewrite behind <see cref="RequantizedConv"/>: a uint8 QuantizeLinear (per tensor)
/// that alone reads a Conv (or a Relu of one, with y_zero_point 0) whose input is the DequantizeLinear of a uint8 QuantizeLinear's output,
/// whose weight is the DequantizeLinear of constant 8-bit integers (scale per tensor or per output
/// channel) and whose bias, if any, is an int32 DequantizeLinear at scale x_scale·w_scale, is
/// replaced, in place, by a RequantizedConv that computes the quantized output from the integers.
/// That is the pattern ONNX Runtime's QDQ transformer fuses into QLinearConv on x86
/// (qdq_selector_action_transformer.h, QDQIsInt8Allowed: int8 activations only on ARM; its
/// ConvNodeGroupSelector: activation and output of one type, int32 bias); int8 activations keep the
/// float path, as ONNX Runtime runs them there. The Conv and the DequantizeLinear nodes stay: their
/// float values remain tappable and carry the gradient. A MatMul of a uint8 activation and constant [K, N]
/// 8-bit weights (scale per tensor or per column) becomes a <see cref="RequantizedMatMul"/> the same way,
/// as ONNX Runtime fuses it into QLinearMatMul.
/// </summary>
internal static class QdqConvRewrite
{
    private const long UInt8Code = 2;

    /// <summary>The nodes with each matching QuantizeLinear replaced (same positions, so node indices keep their meaning).</summary>
    public static IReadOnlyList<Node> Run(IReadOnlyList<Node> nodes, IReadOnlyDictionary<string, Tensor> initializers)
    {
        if (!nodes.Any(n => n.OpType == "QuantizeLinear")) return nodes;
        var producers = new Dictionary<string, Node>(StringComparer.Ordinal);
        foreach (var node in nodes)
            foreach (var output in node.Outputs)
                if (output.Length > 0) producers.TryAdd(output, node);
        var consumers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in nodes)
            foreach (var input in node.Inputs.Concat(node.ImplicitInputs).Distinct())
                consumers[input] = consumers.GetValueOrDefault(input) + 1;
        var graph = new Lookup(producers, consumers, initializers);
        Node[]? result = null;
        for (int i = 0; i < nodes.Count; i++)
        {
            if (Rewrite(nodes[i], graph) is not { } fused) continue;
            result ??= nodes.ToArray();
            result[i] = fused;
        }
        return result ?? nodes;
    }

    private static Node? Rewrite(Node q, Lookup graph)
    {
        if (!IsOnnx(q, "QuantizeLinear") || q.Inputs.Length < 3 || q.Attributes.GetInt("output_dtype", 0) != UInt8Code
            || q.Attributes.GetInt("block_size", 0) != 0) return null;
        if (graph.Constant(q.Inputs[1]) is not { Length: 1 } || graph.Constant(q.Inputs[2]) is not { Length: 1 }) return null;
        if (ProductBefore(q, graph) is not { } product) return null;

        // x: a uint8 QuantizeLinear's output, per-tensor scale and zero point.
        if (Dequantized(product.Inputs[0], graph) is not { } x || graph.Constant(x.Inputs[1]) is not { Length: 1 }) return null;
        if (x.Inputs.Length > 2 && x.Inputs[2].Length > 0 && graph.Constant(x.Inputs[2]) is not { Length: 1 }) return null;
        if (graph.Producer(x.Inputs[0]) is not { } xq || !IsOnnx(xq, "QuantizeLinear") || xq.Attributes.GetInt("output_dtype", 0) != UInt8Code)
            return null;

        // w: constant 8-bit integers with a constant scale and zero point.
        if (Dequantized(product.Inputs[1], graph) is not { } w || graph.Constant(w.Inputs[0]) is not { } wq || !FitsEightBits(wq)) return null;
        if (graph.Constant(w.Inputs[1]) is not { } wScale) return null;
        if (w.Inputs.Length > 2 && w.Inputs[2].Length > 0 && graph.Constant(w.Inputs[2]) is null) return null;
        string Optional(Node n, int i) => n.Inputs.Length > i ? n.Inputs[i] : "";
        string[] inputs = [q.Inputs[0], x.Inputs[0], x.Inputs[1], Optional(x, 2), w.Inputs[0], w.Inputs[1], Optional(w, 2), q.Inputs[1], q.Inputs[2]];
        long outputType = q.Attributes.GetInt("output_dtype");

        if (product.OpType == "MatMul")
        {
            // [K, N] weights, scale per tensor or per column (axis 1, DequantizeLinear's default).
            if (wq.Rank != 2 || wScale.Length != 1 && (wScale.Length != wq.Shape[1] || w.Attributes.GetInt("axis", 1) is not (1 or -1))) return null;
            return new Node(q.Name, RequantizedMatMul.OpType, inputs, q.Outputs, new Attributes().Set("output_dtype", outputType), RequantizedConv.Domain)
            {
                Metadata = q.Metadata,
            };
        }

        // Conv: scale per tensor or per output channel (axis 0); an int32 bias at x_scale·w_scale.
        if (wq.Rank < 3 || wScale.Length != 1 && (wScale.Length != wq.Shape[0] || w.Attributes.GetInt("axis", 1) != 0)) return null;
        if (product.Inputs.Length > 2 && product.Inputs[2].Length > 0)
        {
            if (Dequantized(product.Inputs[2], graph) is not { } b || !BiasMatches(b, graph, graph.Constant(x.Inputs[1])!, wScale)) return null;
            inputs = [.. inputs, b.Inputs[0]];
        }
        var attributes = product.Attributes.Without().Set("output_dtype", outputType);
        return new Node(q.Name, RequantizedConv.OpType, inputs, q.Outputs, attributes, RequantizedConv.Domain)
        {
            Metadata = q.Metadata,
        };
    }

    /// <summary>
    /// The Conv or MatMul that <paramref name="q"/> alone reads, directly or through a Relu that alone reads it
    /// when y_zero_point is 0 (ONNX Runtime's ReluQuantFusion drops that Relu: saturating at 0 is the same clamp).
    /// </summary>
    private static Node? ProductBefore(Node q, Lookup graph)
    {
        if (graph.ConsumerCount(q.Inputs[0]) != 1 || graph.Producer(q.Inputs[0]) is not { } p) return null;
        if (IsOnnx(p, "Relu") && graph.Constant(q.Inputs[2])!.GetDouble(0) == 0)
        {
            if (graph.ConsumerCount(p.Inputs[0]) != 1 || graph.Producer(p.Inputs[0]) is not { } c) return null;
            p = c;
        }
        return (IsOnnx(p, "Conv") || IsOnnx(p, "MatMul")) && p.Inputs.Length >= 2 ? p : null;
    }

    /// <summary>The DequantizeLinear (per tensor or per axis, not blocked) that produces <paramref name="value"/>.</summary>
    private static Node? Dequantized(string value, Lookup graph) =>
        graph.Producer(value) is { } dq && IsOnnx(dq, "DequantizeLinear") && dq.Inputs.Length >= 2 && dq.Attributes.GetInt("block_size", 0) == 0 ? dq : null;

    /// <summary>An int32 bias DequantizeLinear with zero point 0 and scale x_scale·w_scale (float32, as quantizers write it).</summary>
    private static bool BiasMatches(Node b, Lookup graph, Tensor xScale, Tensor wScale)
    {
        if (graph.Constant(b.Inputs[0]) is not { Rank: 1 } bq || bq.Type != DataType.Int64) return false;
        if (b.Inputs.Length > 2 && b.Inputs[2].Length > 0 && (graph.Constant(b.Inputs[2]) is not { } zero || Enumerable.Range(0, zero.Length).Any(i => zero.GetDouble(i) != 0)))
            return false;
        if (graph.Constant(b.Inputs[1]) is not { } scale || (scale.Length != 1 && scale.Length != bq.Length)) return false;
        float sx = (float)xScale.GetDouble(0);
        for (int c = 0; c < bq.Length; c++)
        {
            float expected = sx * (float)wScale.GetDouble(wScale.Length == 1 ? 0 : c);
            if ((float)scale.GetDouble(scale.Length == 1 ? 0 : c) != expected) return false;
        }
        return true;
    }

    private static bool FitsEightBits(Tensor t)
    {
        if (t.Type != DataType.Int64) return false;
        foreach (long v in t.Longs)
            if (v is < -128 or > 255) return false;
        return true;
    }

    private static bool IsOnnx(Node n, string opType) => n.OpType == opType && n.Domain is "" or "ai.onnx";

    /// <summary>Producers and constants (initializers, Constant nodes) by value name.</summary>
    private sealed class Lookup(Dictionary<string, Node> producers, Dictionary<string, int> consumers, IReadOnlyDictionary<string, Tensor> initializers)
    {
        public int ConsumerCount(string value) => consumers.GetValueOrDefault(value);

        public Node? Producer(string value) => value.Length > 0 && producers.TryGetValue(value, out var n) ? n : null;

        public Tensor? Constant(string value)
        {
            if (value.Length == 0) return null;
            if (initializers.TryGetValue(value, out var t)) return t;
            return Producer(value) is { OpType: "Constant" } c ? c.Attributes.GetTensor("value") : null;
        }
    }
}
