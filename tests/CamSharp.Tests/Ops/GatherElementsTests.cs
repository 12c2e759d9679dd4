using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

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
