using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using CamSharp.Tests.Onnx;
using Xunit;

namespace CamSharp.Tests.Oracle;

/// <summary>
/// Every quantized operator in one graph, run by CamSharp and ONNX Runtime on the same input:
/// integer outputs must agree exactly (rounding half to even, saturation, per-channel
/// parameters), float outputs to 1e-6 relative. QLinearConv's int8 weights stay within ±64, where ONNX Runtime's
/// non-VNNI kernels (pairs of uint8 × int8 products in saturating 16-bit lanes) are still exact.
/// </summary>
public sealed class QuantizedOracleTests
{
    private const int Int32Type = 6;

    private static ModelProto QuantizedGraph()
    {
        var rng = new Random(12);
        byte[] Bytes(int n, int lo, int hi) => Enumerable.Range(0, n).Select(_ => (byte)rng.Next(lo, hi + 1)).ToArray();
        var b = new ModelBuilder(opset: 13).Input("x", 1, 1, 3, 8, 8);
        b.Initializer(ModelBuilder.Floats("xs", [0.02f]));
        b.Initializer(ModelBuilder.Raw("xzp", OnnxElementType.UInt8, [128]));
        b.Initializer(ModelBuilder.Raw("w8", OnnxElementType.Int8, Bytes(4 * 27, 0, 127).Select(v => (byte)(sbyte)(v - 64)).ToArray(), 4, 3, 3, 3));
        b.Initializer(ModelBuilder.Floats("ws", [0.01f, 0.02f, 0.005f, 0.03f], 4));
        b.Initializer(ModelBuilder.Raw("wzp8", OnnxElementType.Int8, [0, 0, 0, 0], 4));
        b.Initializer(ModelBuilder.Floats("ys", [0.05f]));
        b.Initializer(ModelBuilder.Raw("yzp", OnnxElementType.UInt8, [100]));
        b.Initializer(ModelBuilder.Raw("bias", Int32Type, new[] { 100, -2000, 0, 700 }.SelectMany(BitConverter.GetBytes).ToArray(), 4));
        b.Initializer(ModelBuilder.Raw("wu8", OnnxElementType.UInt8, Bytes(4 * 27, 0, 255), 4, 3, 3, 3));
        b.Initializer(ModelBuilder.Raw("wuzp", OnnxElementType.UInt8, [128]));
        b.Initializer(ModelBuilder.Raw("bu8", OnnxElementType.UInt8, Bytes(8 * 5, 0, 255), 8, 5));
        b.Initializer(ModelBuilder.Raw("bzp", OnnxElementType.UInt8, [3]));
        b.Initializer(ModelBuilder.Floats("bs", [0.03f]));
        b.Initializer(ModelBuilder.Floats("ys2", [0.2f]));
        b.Initializer(ModelBuilder.Raw("yzp2", OnnxElementType.UInt8, [90]));

        b.Node("QuantizeLinear", "q", ["x", "xs", "xzp"], ["xq"]);
        var conv = b.Node("QLinearConv", "qconv", ["xq", "xs", "xzp", "w8", "ws", "wzp8", "ys", "yzp", "bias"], ["yq"]);
        conv.Attribute.Add(new AttributeProto { Name = "pads", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1, 1, 1 } });
        b.Node("DequantizeLinear", "dq", ["yq", "ys", "yzp"], ["dq"]);
        b.Node("ConvInteger", "ci", ["xq", "wu8", "xzp", "wuzp"], ["ci"]);
        b.Node("DynamicQuantizeLinear", "dql", ["x"], ["dy", "ds", "dzp"]);
        b.Node("MatMulInteger", "mmi", ["xq", "bu8", "xzp", "bzp"], ["mmi"]);
        b.Node("QLinearMatMul", "qmm", ["xq", "xs", "xzp", "bu8", "bs", "bzp", "ys2", "yzp2"], ["qmm"]);
        var wdq = b.Node("DequantizeLinear", "wdq", ["w8", "ws", "wzp8"], ["wdq"]);
        wdq.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });

        b.Output("xq", OnnxElementType.UInt8, 1, 3, 8, 8).Output("yq", OnnxElementType.UInt8, 1, 4, 8, 8).Output("dq", 1, 1, 4, 8, 8)
            .Output("ci", Int32Type, 1, 4, 6, 6).Output("dy", OnnxElementType.UInt8, 1, 3, 8, 8).Output("ds", 1).Output("dzp", OnnxElementType.UInt8)
            .Output("mmi", Int32Type, 1, 3, 8, 5).Output("qmm", OnnxElementType.UInt8, 1, 3, 8, 5).Output("wdq", 1, 4, 3, 3, 3);
        return b.Model;
    }

    [Fact]
    public void Run_EveryQuantizedOperator_MatchesOnnxRuntime()
    {
        var proto = QuantizedGraph();
        // Values spread over the int8 range with many exact halves (x / 0.02 = k + 0.5).
        var rng = new Random(3);
        var values = Enumerable.Range(0, 3 * 64).Select(i => i % 4 == 0 ? (rng.Next(-140, 140) + 0.5f) * 0.02f : (float)(rng.NextDouble() * 6 - 3)).ToArray();
        var feed = OracleFeed.FromFloats("x", OnnxElementType.Float, [1, 3, 8, 8], values);
        var model = Model.Load(Google.Protobuf.MessageExtensions.ToByteArray(proto), "quantized.onnx");
        using var pass = model.Session.Run(feed.ToTensor());
        var ort = OrtOracle.Run(proto, [feed], [], null);
        Assert.Equal(ort.Count, pass.Outputs.Count);
        for (int k = 0; k < ort.Count; k++) OracleComparison.Compare("quantized.onnx", ort[k], pass.Outputs[k], 1e-6);
        Assert.Contains(255.0, ort[1].Values); // some QLinearConv results saturate
    }
}
