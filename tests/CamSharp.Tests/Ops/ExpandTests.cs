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
        Gradient("Expand", [OpTester.RandomTensor(rng, 3, 1), Longs(2, 3, 5)]);
    }
}
