using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class SqueezeUnsqueezeTests
{
    [Fact]
    public void Squeeze_NoAxes_RemovesEverySizeOneAxis()
    {
        var y = Run("Squeeze", [Seq(1, 3, 1, 2, 1)]);
        Equal(y, [0, 1, 2, 3, 4, 5], 3, 2);
    }

    [Fact]
    public void Squeeze_AxesInput_RemovesOnlyThose()
    {
        var y = Run("Squeeze", [Seq(1, 3, 1, 2), Longs(-2)], opset: 13);
        Assert.Equal([1, 3, 2], y.Shape);
    }

    [Fact]
    public void Squeeze_AxesAttributeBeforeOpset13_RemovesOnlyThose()
    {
        var y = Run("Squeeze", [Seq(1, 3, 1, 2)], Attrs(("axes", new long[] { 0 })), opset: 11);
        Assert.Equal([3, 1, 2], y.Shape);
    }

    [Fact]
    public void Squeeze_AxisNotOne_ThrowsNamingSize() =>
        Fails("Squeeze", () => Run("Squeeze", [Seq(1, 3), Longs(1)]), "axis 1", "[1, 3]", "size is 3");

    [Fact]
    public void Squeeze_Int64_CopiesValues() => EqualLongs(Run("Squeeze", [LongSeq(1, 3), Longs(0)]), [0, 1, 2], 3);

    [Fact]
    public void Squeeze_Gradient_MatchesFiniteDifferences() =>
        Gradient("Squeeze", [OpTester.RandomTensor(new Random(5), 3, 1, 5, 1), Longs(-1, 1)]);

    [Fact]
    public void Unsqueeze_AxesInput_InsertsAtOutputPositions()
    {
        var y = Run("Unsqueeze", [Seq(3, 4), Longs(0, -1)], opset: 13);
        Assert.Equal([1, 3, 4, 1], y.Shape);
        Assert.Equal(Seq(12).Floats.ToArray(), y.Floats.ToArray());
    }

    [Fact]
    public void Unsqueeze_UnsortedAxes_InsertsAtEach()
    {
        var y = Run("Unsqueeze", [Seq(3, 4, 5), Longs(5, 4, 2)]);
        Assert.Equal([3, 4, 1, 5, 1, 1], y.Shape);
    }

    [Fact]
    public void Unsqueeze_AxesAttributeBeforeOpset13_Inserts()
    {
        var y = Run("Unsqueeze", [Seq(3)], Attrs(("axes", new long[] { 1 })), opset: 11);
        Assert.Equal([3, 1], y.Shape);
    }

    [Fact]
    public void Unsqueeze_Scalar_GivesVector() => EqualLongs(Run("Unsqueeze", [Tensor.ScalarLong(7), Longs(0)]), [7], 1);

    [Fact]
    public void Unsqueeze_RepeatedAxis_Throws() =>
        Fails("Unsqueeze", () => Run("Unsqueeze", [Seq(3), Longs(0, -3)]), "repeat");

    [Fact]
    public void Unsqueeze_AxisOutOfRange_Throws() =>
        Fails("Unsqueeze", () => Run("Unsqueeze", [Seq(3), Longs(2)]), "axes 2");

    [Fact]
    public void Unsqueeze_Gradient_MatchesFiniteDifferences() =>
        Gradient("Unsqueeze", [OpTester.RandomTensor(new Random(6), 3, 5), Longs(-1, 1)]);
}
