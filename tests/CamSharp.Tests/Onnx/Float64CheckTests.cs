using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Onnx.Adapters.AdapterTesting;

namespace CamSharp.Tests.Onnx;

public class Float64CheckTests
{
    private const int Float = 1, Int64 = 7, Double = 11;

    [Fact]
    public void Load_DoubleInput_IsRefusedNamingIt()
    {
        var b = new ModelBuilder().Input("x", Double, 3).Output("y", Double, 3);
        b.Node("Relu", "relu", ["x"], ["y"]);
        var e = Assert.ThrowsAny<ModelException>(() => b.Load());
        Assert.Contains("graph input 'x' is DOUBLE", e.Message);
    }

    [Fact]
    public void Load_DoubleInitializer_IsRefusedNamingIt()
    {
        var b = new ModelBuilder().Input("x", Float, 1).Output("y", Float, 1);
        b.Initializer(ModelBuilder.Raw("w", Double, BitConverter.GetBytes(1e300), 1));
        b.Node("Add", "add", ["x", "w"], ["y"]);
        Assert.Contains("initializer 'w' is DOUBLE", Assert.ThrowsAny<ModelException>(() => b.Load()).Message);
    }

    [Fact]
    public void Load_CastToDoubleFeedingANode_IsRefused()
    {
        var b = new ModelBuilder().Input("x", Float, 2).Output("y", Double, 2);
        b.Node("Cast", "cast", ["x"], ["d"]).Int("to", Double);
        b.Node("Relu", "relu", ["d"], ["y"]);
        Assert.Contains("'cast' (Cast) casts to DOUBLE and feeds other nodes", Assert.ThrowsAny<ModelException>(() => b.Load()).Message);
    }

    /// <summary>Widening float32 to float64 is exact, so a Cast that only makes a graph output is allowed.</summary>
    [Fact]
    public void Load_CastToDoubleAsGraphOutput_RunsAndDeclaresDouble()
    {
        var b = new ModelBuilder().Input("x", Float, 2).Output("y", Double, 2);
        b.Node("Cast", "cast", ["x"], ["y"]).Int("to", Double);
        var model = Load(b);
        Assert.Equal("DOUBLE", model.Onnx.Outputs[0].OnnxTypeName);
        var y = model.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloats([0.1f, 3e38f], 2) })[0];
        Assert.Equal([0.1f, 3e38f], y.Floats.ToArray());
    }

    [Fact]
    public void Load_CastOfIntegersToDouble_IsRefused()
    {
        var b = new ModelBuilder().Input("x", Int64, 2).Output("y", Double, 2);
        b.Node("Cast", "cast", ["x"], ["y"]).Int("to", Double);
        Assert.Contains("casting integers to DOUBLE", Assert.ThrowsAny<ModelException>(() => Load(b)).Message);
    }
}
