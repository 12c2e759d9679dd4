using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class ReshapeTests
{
    [Fact]
    public void Reshape_ZeroAndMinusOne_CopiesDimAndInfersRest()
    {
        var y = Run("Reshape", [Seq(2, 3, 4), Longs(0, -1)]);
        Equal(y, Seq(24).Floats.ToArray(), 2, 12);
    }

    [Fact]
    public void Reshape_MinusOneInMiddle_InfersIt()
    {
        var y = Run("Reshape", [Seq(2, 3, 4), Longs(4, -1, 2)]);
        Assert.Equal([4, 3, 2], y.Shape);
    }

    [Fact]
    public void Reshape_AllowZero_KeepsZeroAsDimension()
    {
        var x = Tensor.FromFloats([], 0, 3);
        var y = Run("Reshape", [x, Longs(3, 0)], Attrs(("allowzero", 1)), opset: 14);
        Assert.Equal([3, 0], y.Shape);
    }

    [Fact]
    public void Reshape_ZeroBeforeOpset14_CopiesDimensionEvenWithAllowZero()
    {
        var y = Run("Reshape", [Seq(2, 3), Longs(0, 3)], Attrs(("allowzero", 1)), opset: 13);
        Assert.Equal([2, 3], y.Shape);
    }

    [Fact]
    public void Reshape_Int64Data_CopiesValues()
    {
        var y = Run("Reshape", [LongSeq(2, 3), Longs(3, 2)]);
        EqualLongs(y, [0, 1, 2, 3, 4, 5], 3, 2);
    }

    [Fact]
    public void Reshape_BoolData_CopiesValues()
    {
        var y = Run("Reshape", [Tensor.FromBools([true, false, false, true], 4), Longs(2, 2)]);
        Assert.Equal([true, false, false, true], y.Bools.ToArray());
        Assert.Equal([2, 2], y.Shape);
    }

    [Fact]
    public void Reshape_Opset1_ReadsShapeAttribute()
    {
        var y = Run("Reshape", [Seq(6)], Attrs(("shape", new long[] { 2, -1 })), opset: 1);
        Equal(y, [0, 1, 2, 3, 4, 5], 2, 3);
    }

    [Fact]
    public void Reshape_TwoMinusOnes_Throws() =>
        Fails("Reshape", () => Run("Reshape", [Seq(6), Longs(-1, -1)]), "more than one -1");

    [Fact]
    public void Reshape_CountMismatch_ThrowsNamingBothShapes() =>
        Fails("Reshape", () => Run("Reshape", [Seq(2, 3), Longs(4, 2)]), "[2, 3]", "[4, 2]");

    [Fact]
    public void Reshape_MinusOneNotDividing_Throws() =>
        Fails("Reshape", () => Run("Reshape", [Seq(2, 3), Longs(4, -1)]), "-1");

    [Fact]
    public void Reshape_ShapeDependsOnData_Throws()
    {
        var e = Assert.ThrowsAny<Exception>(() => OpTester.Run("Reshape", [Seq(6), Longs(2, 3)], constant: [false, false]));
        Assert.Contains("must be a constant", e.Message);
    }

    [Fact]
    public void Reshape_ShapeFromShapeGatherUnsqueezeConcatChain_FoldsOnInt64()
    {
        // The way exporters write x.view(x.size(0), -1).
        var x = Seq(2, 3, 4);
        var shape = Run("Shape", [x]);
        var batch = Run("Gather", [shape, Tensor.ScalarLong(0)], Attrs(("axis", 0)));
        var unsq = Run("Unsqueeze", [batch, Longs(0)]);
        var target = Run("Concat", [unsq, Longs(-1)], Attrs(("axis", 0)));
        EqualLongs(target, [2, -1], 2);
        Assert.Equal([2, 12], Run("Reshape", [x, target]).Shape);
    }

    [Fact]
    public void Reshape_Gradient_MatchesFiniteDifferences() =>
        Gradient("Reshape", [OpTester.RandomTensor(new Random(3), 3, 5, 2), Longs(5, -1)]);
}
