using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class FlattenTests
{
    [Theory]
    [InlineData(1, 2, 12)]
    [InlineData(0, 1, 24)]
    [InlineData(3, 24, 1)]
    [InlineData(-1, 6, 4)]
    [InlineData(-3, 1, 24)]
    [InlineData(2, 6, 4)]
    public void Flatten_Axis_GivesTwoDims(int axis, int rows, int cols)
    {
        var y = Run("Flatten", [Seq(2, 3, 4)], Attrs(("axis", axis)));
        Equal(y, Seq(24).Floats.ToArray(), rows, cols);
    }

    [Fact]
    public void Flatten_DefaultAxis_IsOne() => Assert.Equal([2, 12], Run("Flatten", [Seq(2, 3, 4)]).Shape);

    [Fact]
    public void Flatten_AxisOutOfRange_Throws() =>
        Fails("Flatten", () => Run("Flatten", [Seq(2, 3)], Attrs(("axis", 3))), "axis 3");

    [Fact]
    public void Flatten_Gradient_MatchesFiniteDifferences() =>
        Gradient("Flatten", [OpTester.RandomTensor(new Random(4), 3, 1, 5, 2)], Attrs(("axis", -2)));
}
