using CamSharp.Engine;
using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using CamSharp.Tensors;
using CamSharp.Tests.Onnx;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace CamSharp.Tests.Oracle;

/// <summary>
/// QuantizeLinear(Conv(DequantizeLinear(x), DequantizeLinear(w), DequantizeLinear(bias))), the
/// pattern of static QDQ exports, against ONNX Runtime with its graph optimisations on (the default),
/// which fuses it into QLinearConv: the quantized outputs must be identical, including where the
/// float convolution would round the other way. Weights stay within ±64: on x86 without VNNI, ONNX Runtime's uint8 × int8
/// kernels add pairs of products in saturating 16-bit lanes (vpmaddubsw), so 255 · 127 · 2 overflows there and its
/// result is no longer the exact one the specification (and CamSharp) computes; 255 · 64 · 2 does not.
/// </summary>
public sealed class QdqConvOracleTests
{
    private const int Int32Type = 6;

    private static byte[] Int32Bytes(IEnumerable<int> values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    /// <summary>
    /// x → Q → DQ → Conv(w DQ per channel, bias DQ) [→ Relu] → Q → DQ → Conv(w DQ per tensor) → Q → DQ, on 1×4×9×9;
    /// with the Relu, the first convolution's output is quantized at zero point 0, where ONNX Runtime drops the Relu.
    /// </summary>
    private static ModelProto TwoConvGraph(bool relu = false)
    {
        var rng = new Random(21);
        byte[] Bytes(int n, int lo, int hi) => Enumerable.Range(0, n).Select(_ => (byte)(sbyte)rng.Next(lo, hi + 1)).ToArray();
        float[] ws = [0.011f, 0.0073f, 0.019f, 0.004f, 0.0131f, 0.009f];
        const float xs = 0.031f;
        var b = new ModelBuilder(opset: 13).Input("x", 1, 1, 4, 9, 9);
        b.Initializer(ModelBuilder.Floats("xs", [xs]));
        b.Initializer(ModelBuilder.Raw("xzp", OnnxElementType.UInt8, [128]));
        b.Initializer(ModelBuilder.Raw("w1", OnnxElementType.Int8, Bytes(6 * 4 * 9, -64, 63), 6, 4, 3, 3));
        b.Initializer(ModelBuilder.Floats("ws1", ws, 6));
        b.Initializer(ModelBuilder.Raw("wzp1", OnnxElementType.Int8, new byte[6], 6));
        b.Initializer(ModelBuilder.Raw("b1", Int32Type, Int32Bytes([300, -1200, 40, 2500, -7, 0]), 6));
        b.Initializer(ModelBuilder.Floats("bs1", ws.Select(w => xs * w).ToArray(), 6));
        b.Initializer(ModelBuilder.Raw("bzp1", Int32Type, new byte[24], 6));
        b.Initializer(ModelBuilder.Floats("ys1", [0.047f]));
        b.Initializer(ModelBuilder.Raw("yzp1", OnnxElementType.UInt8, [relu ? (byte)0 : (byte)128]));
        b.Initializer(ModelBuilder.Raw("w2", OnnxElementType.Int8, Bytes(3 * 6, -64, 63), 3, 6, 1, 1));
        b.Initializer(ModelBuilder.Floats("ws2", [0.0087f]));
        b.Initializer(ModelBuilder.Raw("wzp2", OnnxElementType.Int8, [0]));
        b.Initializer(ModelBuilder.Floats("ys2", [0.023f]));
        b.Initializer(ModelBuilder.Raw("yzp2", OnnxElementType.UInt8, [120]));

        b.Node("QuantizeLinear", "xq", ["x", "xs", "xzp"], ["xq"]);
        b.Node("DequantizeLinear", "xdq", ["xq", "xs", "xzp"], ["xd"]);
        b.Node("DequantizeLinear", "w1dq", ["w1", "ws1", "wzp1"], ["w1d"]).Attribute.Add(Axis0());
        b.Node("DequantizeLinear", "b1dq", ["b1", "bs1", "bzp1"], ["b1d"]).Attribute.Add(Axis0());
        b.Node("Conv", "conv1", ["xd", "w1d", "b1d"], ["c1"]).Attribute.Add(
            new AttributeProto { Name = "pads", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1, 1, 1 } });
        if (relu) b.Node("Relu", "relu1", ["c1"], ["r1"]);
        b.Node("QuantizeLinear", "c1q", [relu ? "r1" : "c1", "ys1", "yzp1"], ["c1q"]);
        b.Node("DequantizeLinear", "c1dq", ["c1q", "ys1", "yzp1"], ["c1d"]);
        b.Node("DequantizeLinear", "w2dq", ["w2", "ws2", "wzp2"], ["w2d"]);
        b.Node("Conv", "conv2", ["c1d", "w2d"], ["c2"]);
        b.Node("QuantizeLinear", "c2q", ["c2", "ys2", "yzp2"], ["c2q"]);
        b.Node("DequantizeLinear", "c2dq", ["c2q", "ys2", "yzp2"], ["y"]);
        b.Output("y", 1, 1, 3, 9, 9);
        return b.Model;
    }

    private static AttributeProto Axis0() => new() { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 };

    /// <summary>
    /// x (one value) → Q → DQ → 1×1 Conv with w = 125 → Q, activations of type <paramref name="activations"/>:
    /// x_q·w_q = 875, and 875 · 0.02·0.01 / 0.05 = 3.5 in decimals, 3.4999998 with the float32 scales.
    /// </summary>
    private static ModelProto BoundaryGraph(int activations)
    {
        var b = new ModelBuilder(opset: 13).Input("x", 1, 1, 1, 1, 1);
        b.Initializer(ModelBuilder.Floats("xs", [0.02f]));
        b.Initializer(ModelBuilder.Raw("zp", activations, [0]));
        b.Initializer(ModelBuilder.Raw("wzp", OnnxElementType.Int8, [0]));
        b.Initializer(ModelBuilder.Raw("w", OnnxElementType.Int8, [125], 1, 1, 1, 1));
        b.Initializer(ModelBuilder.Floats("ws", [0.01f]));
        b.Initializer(ModelBuilder.Floats("ys", [0.05f]));
        b.Node("QuantizeLinear", "xq", ["x", "xs", "zp"], ["xq"]);
        b.Node("DequantizeLinear", "xdq", ["xq", "xs", "zp"], ["xd"]);
        b.Node("DequantizeLinear", "wdq", ["w", "ws", "wzp"], ["wd"]);
        b.Node("Conv", "conv", ["xd", "wd"], ["c"]);
        b.Node("QuantizeLinear", "cq", ["c", "ys", "zp"], ["y"]);
        b.Output("y", activations, 1, 1, 1, 1);
        return b.Model;
    }

    /// <summary>x [1, 6, 16] → Q (uint8) → DQ → MatMul(w int8 [16, 7] per column) → Q (uint8) → DQ.</summary>
    private static ModelProto MatMulGraph()
    {
        var rng = new Random(33);
        var b = new ModelBuilder(opset: 13).Input("x", 1, 1, 6, 16);
        b.Initializer(ModelBuilder.Floats("xs", [0.027f]));
        b.Initializer(ModelBuilder.Raw("xzp", OnnxElementType.UInt8, [131]));
        b.Initializer(ModelBuilder.Raw("w", OnnxElementType.Int8, Enumerable.Range(0, 16 * 7).Select(_ => (byte)(sbyte)rng.Next(-64, 64)).ToArray(), 16, 7));
        b.Initializer(ModelBuilder.Floats("ws", [0.011f, 0.0093f, 0.017f, 0.006f, 0.0121f, 0.008f, 0.02f], 7));
        b.Initializer(ModelBuilder.Raw("wzp", OnnxElementType.Int8, new byte[7], 7));
        b.Initializer(ModelBuilder.Floats("ys", [0.061f]));
        b.Initializer(ModelBuilder.Raw("yzp", OnnxElementType.UInt8, [125]));
        b.Node("QuantizeLinear", "xq", ["x", "xs", "xzp"], ["xq"]);
        b.Node("DequantizeLinear", "xdq", ["xq", "xs", "xzp"], ["xd"]);
        b.Node("DequantizeLinear", "wdq", ["w", "ws", "wzp"], ["wd"]);
        b.Node("MatMul", "mm", ["xd", "wd"], ["m"]);
        b.Node("QuantizeLinear", "mq", ["m", "ys", "yzp"], ["mq"]);
        b.Node("DequantizeLinear", "mdq", ["mq", "ys", "yzp"], ["y"]);
        b.Output("y", 1, 1, 6, 7);
        return b.Model;
    }

    private static Model Load(ModelProto proto) => Model.Load(Google.Protobuf.MessageExtensions.ToByteArray(proto), "qdq.onnx");

    /// <summary>The same model run without the rewrite: the float convolution, quantized.</summary>
    private static Session FloatPathSession(Model model) =>
        new(new Graph(model.Onnx.Nodes, model.Onnx.Initializers, model.Graph.Inputs, model.Graph.OutputNames, model.Onnx.Opset), model.Limits);

    /// <summary>
    /// float32: the integer path's 875 · 0.0039999997 = 3.4999998 rounds to 3; the float path's
    /// (7 · 0.02)(125 · 0.01) = 0.14 · 1.25 = 0.175, over 0.05 = 3.5, rounds (half to even) to 4. ONNX Runtime fuses the
    /// uint8 pattern into QLinearConv and leaves the int8 one (int8 activations fuse only on ARM) in float.
    /// </summary>
    [Theory]
    [InlineData(OnnxElementType.UInt8, 3L, 4L)]
    [InlineData(OnnxElementType.Int8, 4L, 4L)]
    public void Run_ProductOnRoundingBoundary_MatchesOnnxRuntimeWithItsFusions(int activations, long expected, long floatPathExpected)
    {
        var proto = BoundaryGraph(activations);
        var feed = OracleFeed.FromFloats("x", OnnxElementType.Float, [1, 1, 1, 1], [0.14f]);
        using var model = Load(proto);
        using var pass = model.Session.Run(feed.ToTensor());
        using var floatPath = FloatPathSession(model);
        using var floatPass = floatPath.Run(feed.ToTensor());

        var optimized = OrtOracle.Run(proto, [feed], [], null, GraphOptimizationLevel.ORT_ENABLE_ALL);
        var unoptimized = OrtOracle.Run(proto, [feed], [], null);
        Assert.Equal(expected, (long)optimized[0].Values[0]);
        Assert.Equal(floatPathExpected, (long)unoptimized[0].Values[0]);
        Assert.Equal(expected, pass.Outputs[0].Longs[0]);
        Assert.Equal(floatPathExpected, floatPass.Outputs[0].Longs[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_TwoQdqConvs_MatchesOnnxRuntimeExactly(bool relu)
    {
        var proto = TwoConvGraph(relu);
        var rng = new Random(5);
        var values = Enumerable.Range(0, 4 * 81).Select(_ => (float)(rng.NextDouble() * 8 - 4)).ToArray();
        var feed = OracleFeed.FromFloats("x", OnnxElementType.Float, [1, 4, 9, 9], values);
        using var model = Load(proto);
        Assert.Equal(2, model.Graph.Nodes.Count(n => n.OpType == CamSharp.Ops.RequantizedConv.OpType));
        using var pass = model.Session.Run(feed.ToTensor());
        var ort = OrtOracle.Run(proto, [feed], [], null, GraphOptimizationLevel.ORT_ENABLE_ALL);
        Assert.Equal(ort[0].Values, pass.Outputs[0].Floats.ToArray().Select(v => (double)v).ToArray());
        Assert.True(ort[0].Values.Distinct().Count() > 20, "the outputs should spread over many quantization steps");
    }

    [Fact]
    public void Run_QdqMatMul_MatchesOnnxRuntimeExactly()
    {
        var proto = MatMulGraph();
        var rng = new Random(8);
        var values = Enumerable.Range(0, 6 * 16).Select(_ => (float)(rng.NextDouble() * 6 - 3)).ToArray();
        var feed = OracleFeed.FromFloats("x", OnnxElementType.Float, [1, 6, 16], values);
        using var model = Load(proto);
        Assert.Equal(1, model.Graph.Nodes.Count(n => n.OpType == CamSharp.Ops.RequantizedMatMul.OpType));
        using var pass = model.Session.Run(feed.ToTensor());
        var ort = OrtOracle.Run(proto, [feed], [], null, GraphOptimizationLevel.ORT_ENABLE_ALL);
        Assert.Equal(ort[0].Values, pass.Outputs[0].Floats.ToArray().Select(v => (double)v).ToArray());
        Assert.True(ort[0].Values.Distinct().Count() > 10, "the outputs should spread over many quantization steps");
    }

    [Fact]
    public void RunFrom_ReplacedConvOutput_QuantizesTheReplacement()
    {
        using var model = Load(TwoConvGraph());
        var x = Tensor.FromFloats(Enumerable.Range(0, 4 * 81).Select(i => (float)Math.Sin(i) * 3).ToArray(), [1, 4, 9, 9]);
        using var pass = model.Session.Run(x, new CamSharp.Engine.RunOptions { RerunFrom = ["c1"] });
        Assert.Contains(pass.Outputs[0].Floats.ToArray(), v => v != 0);
        // c1 = 0 quantizes to y_zero_point, the second convolution reads zeros and y is 0 everywhere.
        var outputs = pass.RunFrom("c1", Tensor.Zeros(DataType.Float32, [1, 6, 9, 9]));
        Assert.All(outputs[0].Floats.ToArray(), v => Assert.Equal(0f, v));
        foreach (var t in outputs) t.Dispose();
    }

    [Fact]
    public void Backward_RewrittenConvs_SameGradientAsFloatPath()
    {
        var proto = TwoConvGraph();
        var rng = new Random(6);
        var x = Tensor.FromFloats(Enumerable.Range(0, 4 * 81).Select(_ => (float)(rng.NextDouble() * 8 - 4)).ToArray(), [1, 4, 9, 9]);
        using var model = Load(proto);
        using var floatPath = FloatPathSession(model);
        var options = new CamSharp.Engine.RunOptions { GradientsFor = ["xd", "c1"] };
        float[] Gradient(Session session, string value)
        {
            using var pass = session.Run(x, options);
            var seed = Tensor.FromFloats(Enumerable.Range(0, 3 * 81).Select(i => (float)Math.Sin(i)).ToArray(), [1, 3, 9, 9]);
            using var grads = pass.Backward([seed]);
            return grads[value].Floats.ToArray();
        }
        foreach (var value in new[] { "xd", "c1" })
        {
            var expected = Gradient(floatPath, value);
            Assert.Contains(expected, g => g != 0);
            Assert.Equal(expected, Gradient(model.Session, value));
        }
    }
}
