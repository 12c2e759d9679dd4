using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class ExpandTests
{
    [Fact]
    public void Expand_ColumnToMatrix_RepeatsColumns()
    {
        var y = Run("Expand", [Seq(3, 1), Longs(2, 1, 4)]);
        Equal(y, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], 2, 3, 4);
    }

    [Fact]
    public void Expand_ShapeSmallerThanInput_KeepsInputDims()
    {
        // Bidirectional: shape [1, 3] against input [2, 1] gives [2, 3]; ones in shape keep the input's dimension.
        var y = Run("Expand", [Seq(2, 1), Longs(3)]);
        Equal(y, [0, 0, 0, 1, 1, 1], 2, 3);
    }

    [Fact]
    public void Expand_Int64AndBool_Broadcast()
    {
        EqualLongs(Run("Expand", [Longs(7), Longs(3)]), [7, 7, 7], 3);
        var b = Run("Expand", [Tensor.FromBools([true, false], 2), Longs(2, 2)]);
        Assert.Equal([true, false, true, false], b.Bools.ToArray());
    }

    [Fact]
    public void Expand_Incompatible_ThrowsNamingBothShapes() =>
        Fails("Expand", () => Run("Expand", [Seq(2, 3), Longs(4, 3, 2)]), "[2, 3]", "[4, 3, 2]");

    [Fact]
    public void Expand_Gradient_SumsOverBroadcastAxes()
    {
        var rng = new Random(61);
        Gradient("Expand", [OpTester.RandomTensor(rng, 3, 1, 5), Longs(2, 1, 4, 1)]);
        Gradient("Expand", [OpTester.RandomTensor(rng, 1, 3), Longs(3, 1)]);
        Gradient("Expand", [OpTester.RandomTensor(rng, 3, 1), Longs(3, 5)]);
    }
}

public class TileTests
{
    [Fact]
    public void Tile_Repeats_TilesEachAxis()
    {
        var y = Run("Tile", [Seq(2, 2), Longs(1, 2)]);
        Equal(y, [0, 1, 0, 1, 2, 3, 2, 3], 2, 4);
        var z = Run("Tile", [Seq(2, 2), Longs(2, 1)]);
        Equal(z, [0, 1, 2, 3, 0, 1, 2, 3], 4, 2);
    }

    [Fact]
    public void Tile_ZeroRepeat_GivesEmpty() => Assert.Equal([0, 2], Run("Tile", [Seq(2, 2), Longs(0, 1)]).Shape);

    [Fact]
    public void Tile_Int64_Tiles() => EqualLongs(Run("Tile", [Longs(1, 2), Longs(3)]), [1, 2, 1, 2, 1, 2], 6);

    [Fact]
    public void Tile_RepeatsWrongLength_Throws() =>
        Fails("Tile", () => Run("Tile", [Seq(2, 2), Longs(2)]), "expected 2");

    [Fact]
    public void Tile_Gradient_SumsTiles() =>
        Gradient("Tile", [OpTester.RandomTensor(new Random(62), 3, 1, 2), Longs(2, 3, 1)]);
}

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
    public void Range_ZeroDelta_Throws() =>
        Fails("Range", () => Run("Range", [Tensor.ScalarLong(0), Tensor.ScalarLong(1), Tensor.ScalarLong(0)]), "delta is 0");
}
