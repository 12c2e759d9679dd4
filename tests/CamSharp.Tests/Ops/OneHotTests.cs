using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class OneHotTests
{
    private static readonly Tensor OffOn = Tensor.FromFloats([0.5f, 3], 2);

    [Fact]
    public void DefaultAxis_AppendsDepthDim_NegativeIndicesWrap()
    {
        var y = OpTester.Run("OneHot", [Tensor.FromLongs([0, 2, -1, 5], 4), Tensor.ScalarLong(3), OffOn], opset: 11)[0];
        Assert.Equal([4, 3], y.Shape);
        Assert.Equal([3f, 0.5f, 0.5f, 0.5f, 0.5f, 3, 0.5f, 0.5f, 3, 0.5f, 0.5f, 0.5f], y.Floats.ToArray());
    }

    [Fact]
    public void Axis0_InsertsDepthFirst()
    {
        var y = OpTester.Run("OneHot", [Tensor.FromLongs([1, 0], 2), Tensor.ScalarLong(2), Tensor.FromLongs([0, 1], 2)], new Attributes().Set("axis", 0), opset: 11)[0];
        Assert.Equal([2, 2], y.Shape);
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal([0L, 1, 1, 0], y.Longs.ToArray());
    }

    [Fact]
    public void FloatIndicesAndDepth_Truncate()
    {
        var y = OpTester.Run("OneHot", [Tensor.FromFloats([1.7f], 1), Tensor.Scalar(2.9f), OffOn], opset: 11, constant: [true, true, true])[0];
        Assert.Equal([1, 2], y.Shape);
        Assert.Equal([0.5f, 3], y.Floats.ToArray());
    }

    [Fact]
    public void ValuesNotAPair_ThrowsNamingNode()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("OneHot", [Tensor.FromLongs([0], 1), Tensor.ScalarLong(2), Tensor.FromFloats([1, 2, 3], 3)], opset: 11));
        Assert.Contains("/test/OneHot", e.Message);
        Assert.Contains("[off, on]", e.Message);
    }

    [Fact]
    public void OneHot_IsNotDifferentiable()
    {
        Assert.False(OpTester.Create("OneHot", 3, opset: 11).IsDifferentiable);
    }
}
