using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class EyeLikeTests
{
    [Fact]
    public void Default_InputTypeAndMainDiagonal()
    {
        var y = OpTester.Run("EyeLike", [Tensor.Zeros(3, 4)])[0];
        Assert.Equal(DataType.Float32, y.Type);
        Assert.Equal([1f, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0], y.Floats.ToArray());
    }

    [Fact]
    public void NegativeK_AndInt32Dtype_GivesInt64BelowDiagonal()
    {
        var y = OpTester.Run("EyeLike", [Tensor.Zeros(3, 3)], new Attributes().Set("k", -1).Set("dtype", 6))[0];
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal([0L, 0, 0, 1, 0, 0, 0, 1, 0], y.Longs.ToArray());
    }

    [Fact]
    public void StringDtype_ThrowsNamingNode()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("EyeLike", [Tensor.Zeros(2, 2)], new Attributes().Set("dtype", 8)));
        Assert.Contains("/test/EyeLike", e.Message);
        Assert.Contains("dtype 8", e.Message);
    }

    [Fact]
    public void Forward_WritesTheSameConstant()
    {
        var op = OpTester.Create("EyeLike", 1, attrs: new Attributes().Set("k", 1));
        var y = Tensor.Uninitialized(DataType.Float32, [2, 3]);
        op.Forward(new ForwardContext([Tensor.Zeros(2, 3)], [y]));
        Assert.Equal([0f, 1, 0, 0, 0, 1], y.Floats.ToArray());
    }
}
