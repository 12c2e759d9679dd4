using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Onnx;

public class QuantizedOutputTypesTests
{
    /// <summary>x → QuantizeLinear (zero point of <paramref name="zeroPointType"/>) → DequantizeLinear → y.</summary>
    private static ModelBuilder QuantizeDequantize(int zeroPointType)
    {
        var b = new ModelBuilder(opset: 13).Input("x", 1, 1, 4).Output("y", 1, 1, 4);
        b.Initializer(ModelBuilder.Floats("scale", [1f]));
        b.Initializer(ModelBuilder.Raw("zp", zeroPointType, [0]));
        b.Node("QuantizeLinear", "/q/QuantizeLinear", ["x", "scale", "zp"], ["q"]);
        b.Node("DequantizeLinear", "/dq/DequantizeLinear", ["q", "scale", "zp"], ["y"]);
        return b;
    }

    [Theory]
    [InlineData(2, 0f, 255f)]
    [InlineData(3, -128f, 127f)]
    public void Load_ZeroPointInitializer_FixesTheOutputRange(int zeroPointType, float low, float high)
    {
        var model = Model.Load(QuantizeDequantize(zeroPointType).Bytes(), "q.onnx", TestModels.AcceptAll);
        Assert.Equal(zeroPointType, model.Onnx.Nodes[0].Attributes.GetInt("output_dtype"));
        var y = model.Run(Tensor.FromFloats([-1000f, -3.5f, 2.5f, 1000f], 1, 4))[0];
        Assert.Equal(new[] { low, Math.Max(low, -4f), 2f, high }, y.Floats.ToArray());
    }

    [Fact]
    public void Load_ZeroPointFromDynamicQuantizeLinear_IsUint8()
    {
        var b = new ModelBuilder(opset: 13).Input("x", 1, 1, 4).Output("y", 1, 1, 4);
        b.Initializer(ModelBuilder.Floats("scale", [1f]));
        b.Node("DynamicQuantizeLinear", "/d/DynamicQuantizeLinear", ["x"], ["dq", "ds", "dzp"]);
        b.Node("QuantizeLinear", "/q/QuantizeLinear", ["x", "scale", "dzp"], ["q"]);
        b.Node("DequantizeLinear", "/dq/DequantizeLinear", ["q", "scale", "dzp"], ["y"]);
        var model = b.Load();
        Assert.Equal(2, model.Nodes[1].Attributes.GetInt("output_dtype"));
    }
}
