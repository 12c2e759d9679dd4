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

public class GatherElementsTests
{
    [Fact]
    public void GatherElements_Axis1_SpecExample()
    {
        var y = Run("GatherElements", [Floats([1, 2, 3, 4], 2, 2), Tensor.FromLongs([0, 0, 1, 0], 2, 2)], Attrs(("axis", 1)));
        Equal(y, [1, 1, 4, 3], 2, 2);
    }

    [Fact]
    public void GatherElements_Axis0_SpecExample()
    {
        var data = Floats([1, 2, 3, 4, 5, 6, 7, 8, 9], 3, 3);
        var y = Run("GatherElements", [data, Tensor.FromLongs([1, 2, 0, 2, 0, 0], 2, 3)]);
        Equal(y, [4, 8, 3, 7, 2, 3], 2, 3);
    }

    [Fact]
    public void GatherElements_NegativeIndices_CountFromEnd()
    {
        var data = Floats([1, 2, 3, 4, 5, 6, 7, 8, 9], 3, 3);
        var y = Run("GatherElements", [data, Tensor.FromLongs([-1, -2, 0, -2, 0, 0], 2, 3)]);
        Equal(y, [7, 5, 3, 4, 2, 3], 2, 3);
    }

    [Fact]
    public void GatherElements_SmallerIndices_UseDataStrides()
    {
        // indices [2, 1] against data [3, 2] along axis 1: rows 0 and 1 only.
        var y = Run("GatherElements", [Seq(3, 2), Tensor.FromLongs([1, 0], 2, 1)], Attrs(("axis", 1)));
        Equal(y, [1, 2], 2, 1);
    }

    [Fact]
    public void GatherElements_IndexOutOfRange_Throws() =>
        Fails("GatherElements", () => Run("GatherElements", [Seq(2, 2), Tensor.FromLongs([0, 2], 1, 2)]), "index 2");

    [Fact]
    public void GatherElements_Gradient_MatchesFiniteDifferences()
    {
        var rng = new Random(52);
        var idx = new long[3 * 4 * 2];
        for (int i = 0; i < idx.Length; i++) idx[i] = rng.Next(-5, 5);
        Gradient("GatherElements", [OpTester.RandomTensor(rng, 3, 5, 2), Tensor.FromLongs(idx, 3, 4, 2)], Attrs(("axis", -2)));
    }
}
