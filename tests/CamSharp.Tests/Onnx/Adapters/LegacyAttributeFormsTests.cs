using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Onnx.Adapters.AdapterTesting;

namespace CamSharp.Tests.Onnx.Adapters;

public class LegacyAttributeFormsTests
{
    [Fact]
    public void Adapt_PadPaddings_BecomesPads()
    {
        var b = new ModelBuilder(opset: 1).Input("x", 1, 1, 2).Output("y", 1, 1, 4);
        b.Node("Pad", "pad", ["x"], ["y"]).Ints("paddings", 0, 1, 0, 1).Float("value", 9f);
        var y = Run(b, ("x", Tensor.FromFloats([1, 2], 1, 2)));
        Assert.Equal([9f, 1, 2, 9], y.Floats.ToArray());
    }

    [Fact]
    public void Adapt_CastToTypeName_BecomesTheTypeCode()
    {
        var b = new ModelBuilder(opset: 5).Input("x", 1, 3).Output("y", 7, 3);
        b.Node("Cast", "cast", ["x"], ["y"]).Str("to", "INT64");
        var y = Run(b, ("x", Tensor.FromFloats([1.7f, -2.5f, 3], 3)));
        Assert.Equal([1L, -2, 3], y.Longs.ToArray());
    }

    [Fact]
    public void Adapt_CastToUnknownName_IsRefused() =>
        Assert.Contains("'COMPLEX1024'", Assert.ThrowsAny<ModelException>(() =>
        {
            var b = new ModelBuilder(opset: 5).Input("x", 1, 3).Output("y", 7, 3);
            b.Node("Cast", "cast", ["x"], ["y"]).Str("to", "COMPLEX1024");
            Load(b);
        }).Message);

    [Fact]
    public void Adapt_SplitSizesInput_BecomesTheSplitAttribute()
    {
        var b = new ModelBuilder(opset: 1).Input("x", 1, 5).Output("p", 1, 2).Output("q", 1, 3);
        b.Initializer(new CamSharp.Onnx.Proto.TensorProto { Name = "sizes", DataType = 7, Dims = { 2 }, Int64Data = { 2, 3 } });
        b.Node("Split", "split", ["x", "sizes"], ["p", "q"]).Int("axis", 0);
        var outputs = Load(b).Run(new Dictionary<string, Tensor> { ["x"] = Sequence(5) });
        Assert.Equal([0f, 1], outputs[0].Floats.ToArray());
        Assert.Equal([2f, 3, 4], outputs[1].Floats.ToArray());
    }

    [Fact]
    public void Adapt_TileWithTilesAndAxis_BecomesRepeats()
    {
        var b = new ModelBuilder(opset: 5).Input("x", 1, 1, 2).Output("y", 1, 1, 6);
        b.Initializer(new CamSharp.Onnx.Proto.TensorProto { Name = "tiles", DataType = 7, Int64Data = { 3 } });
        b.Initializer(new CamSharp.Onnx.Proto.TensorProto { Name = "axis", DataType = 7, Int64Data = { 1 } });
        b.Node("Tile", "tile", ["x", "tiles", "axis"], ["y"]);
        var y = Run(b, ("x", Tensor.FromFloats([1, 2], 1, 2)));
        Assert.Equal([1f, 2, 1, 2, 1, 2], y.Floats.ToArray());
    }
}
