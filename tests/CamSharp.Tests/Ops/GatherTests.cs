using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class GatherTests
{
    [Fact]
    public void Gather_Axis0_PicksRows()
    {
        // Spec example: data [[1, 1.2], [2.3, 3.4], [4.5, 5.7]], indices [[0, 1], [1, 2]].
        var data = Floats([1f, 1.2f, 2.3f, 3.4f, 4.5f, 5.7f], 3, 2);
        var y = Run("Gather", [data, Tensor.FromLongs([0, 1, 1, 2], 2, 2)]);
        Equal(y, [1f, 1.2f, 2.3f, 3.4f, 2.3f, 3.4f, 4.5f, 5.7f], 2, 2, 2);
    }

    [Fact]
    public void Gather_Axis1NegativeIndices_CountFromEnd()
    {
        var y = Run("Gather", [Seq(2, 3), Longs(-1, 0)], Attrs(("axis", 1)));
        Equal(y, [2, 0, 5, 3], 2, 2);
    }

    [Fact]
    public void Gather_ScalarIndex_DropsAxis()
    {
        var y = Run("Gather", [Seq(2, 3, 2), Tensor.ScalarLong(1)], Attrs(("axis", -2)));
        Equal(y, [2, 3, 8, 9], 2, 2);
    }

    [Fact]
    public void Gather_Int64Shape_PicksDimension() =>
        EqualLongs(Run("Gather", [Longs(1, 3, 224, 224), Tensor.ScalarLong(2)]), [224]);

    [Fact]
    public void Gather_IndexOutOfRange_Throws() =>
        Fails("Gather", () => Run("Gather", [Seq(3), Longs(3)]), "index 3", "size 3");

    [Fact]
    public void Gather_Gradient_RepeatedIndicesAccumulate()
    {
        var rng = new Random(51);
        Gradient("Gather", [OpTester.RandomTensor(rng, 3, 5, 2), Tensor.FromLongs([4, -1, 0, 2, 4, 1], 2, 3)], Attrs(("axis", 1)));
        Gradient("Gather", [OpTester.RandomTensor(rng, 3, 5), Longs(2, 2, -3)], Attrs(("axis", -1)));
    }
}
