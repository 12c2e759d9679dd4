using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class GatherNDTests
{
    [Fact]
    public void GatherND_FullTuples_PickElements()
    {
        // Spec example 1: data [[0, 1], [2, 3]], indices [[0, 0], [1, 1]] → [0, 3].
        var y = Run("GatherND", [Floats([0, 1, 2, 3], 2, 2), Tensor.FromLongs([0, 0, 1, 1], 2, 2)]);
        Equal(y, [0, 3], 2);
    }

    [Fact]
    public void GatherND_ShortTuples_PickSlices()
    {
        // Spec example 4: data [2, 2, 2], indices [[[0, 1]], [[1, 0]]] → [[[2, 3]], [[4, 5]]].
        var y = Run("GatherND", [Seq(2, 2, 2), Tensor.FromLongs([0, 1, 1, 0], 2, 1, 2)]);
        Equal(y, [2, 3, 4, 5], 2, 1, 2);
    }

    [Fact]
    public void GatherND_BatchDims_IndexWithinEachBatch()
    {
        // Spec example 5: batch_dims 1, indices [[1], [0]] → [[2, 3], [4, 5]].
        var y = Run("GatherND", [Seq(2, 2, 2), Tensor.FromLongs([1, 0], 2, 1)], Attrs(("batch_dims", 1)));
        Equal(y, [2, 3, 4, 5], 2, 2);
    }

    [Fact]
    public void GatherND_NegativeIndex_CountsFromEnd()
    {
        var y = Run("GatherND", [Seq(3, 2), Tensor.FromLongs([-1], 1, 1)]);
        Equal(y, [4, 5], 1, 2);
    }

    [Fact]
    public void GatherND_IndexOutOfRange_Throws() =>
        Fails("GatherND", () => Run("GatherND", [Seq(2, 2), Tensor.FromLongs([2, 0], 1, 2)]), "index 2");

    [Fact]
    public void GatherND_TupleTooLong_Throws() =>
        Fails("GatherND", () => Run("GatherND", [Seq(2, 2), Tensor.FromLongs([0, 0, 0], 1, 3)]), "last dimension 3");

    [Fact]
    public void GatherND_Gradient_ScatterAddsRepeatedPicks() =>
        Gradient("GatherND", [OpTester.RandomTensor(new Random(8), 2, 3, 2), Tensor.FromLongs([0, 2, 0, 2, 1, 1], 2, 3, 1)], Attrs(("batch_dims", 1)));
}
