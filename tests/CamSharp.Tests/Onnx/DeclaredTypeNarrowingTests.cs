using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Onnx.Adapters.AdapterTesting;

namespace CamSharp.Tests.Onnx;

public class DeclaredTypeNarrowingTests
{
    private const int UInt8 = 2, Int8 = 3, Float16 = 10;

    /// <summary>uint8 200 + 100 is 44 in numpy; the engine adds in int64 and wraps at the boundary.</summary>
    [Fact]
    public void Run_Uint8Output_WrapsLikeNumpy()
    {
        var b = new ModelBuilder().Input("a", UInt8, 2).Input("b", UInt8, 2).Output("y", UInt8, 2);
        b.Node("Add", "add", ["a", "b"], ["y"]);
        var y = Run(b, ("a", Tensor.FromLongs([200, 1], 2)), ("b", Tensor.FromLongs([100, 2], 2)));
        Assert.Equal([44L, 3], y.Longs.ToArray());
    }

    [Fact]
    public void Run_Int8Output_WrapsToSigned()
    {
        var b = new ModelBuilder().Input("a", Int8, 2).Input("b", Int8, 2).Output("y", Int8, 2);
        b.Node("Sub", "sub", ["a", "b"], ["y"]);
        var y = Run(b, ("a", Tensor.FromLongs([127, 5], 2)), ("b", Tensor.FromLongs([-1, 7], 2)));
        Assert.Equal([-128L, -2], y.Longs.ToArray());
    }

    [Fact]
    public void Run_Float16Output_IsRoundedToFloat16()
    {
        var b = new ModelBuilder().Input("a", Float16, 2).Output("y", Float16, 2);
        b.Node("Relu", "relu", ["a"], ["y"]);
        var y = Run(b, ("a", Tensor.FromFloats([1.0001f, 70000f], 2)));
        Assert.Equal([1f, float.PositiveInfinity], y.Floats.ToArray());
    }
}
