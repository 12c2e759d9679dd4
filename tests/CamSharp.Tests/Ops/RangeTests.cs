using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class RangeTests
{
    [Fact]
    public void Range_Int64_CountsUp() => EqualLongs(Run("Range", [Tensor.ScalarLong(1), Tensor.ScalarLong(8), Tensor.ScalarLong(3)]), [1, 4, 7], 3);

    [Fact]
    public void Range_NegativeDelta_CountsDown() =>
        EqualLongs(Run("Range", [Tensor.ScalarLong(10), Tensor.ScalarLong(4), Tensor.ScalarLong(-3)]), [10, 7], 2);

    [Fact]
    public void Range_LimitBehindStart_IsEmpty() =>
        Assert.Equal([0], Run("Range", [Tensor.ScalarLong(5), Tensor.ScalarLong(1), Tensor.ScalarLong(2)]).Shape);

    [Fact]
    public void Range_Float_StepsByDelta()
    {
        var y = OpTester.Run("Range", [Tensor.Scalar(1), Tensor.Scalar(2), Tensor.Scalar(0.25f)], constant: [true, true, true])[0];
        Equal(y, [1, 1.25f, 1.5f, 1.75f], 4);
    }

    [Fact]
    public void Range_WholeInt64Span_DoesNotOverflowToEmpty() =>
        EqualLongs(Run("Range", [Tensor.ScalarLong(long.MinValue), Tensor.ScalarLong(long.MaxValue), Tensor.ScalarLong(1L << 62)]),
            [long.MinValue, long.MinValue + (1L << 62), 0, 1L << 62], 4);

    [Fact]
    public void Range_ZeroDelta_Throws() =>
        Fails("Range", () => Run("Range", [Tensor.ScalarLong(0), Tensor.ScalarLong(1), Tensor.ScalarLong(0)]), "delta is 0");
}
