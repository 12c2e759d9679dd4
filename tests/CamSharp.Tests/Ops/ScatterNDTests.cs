using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class ScatterNDTests
{
    [Fact]
    public void ScatterND_SpecExample1_ReplacesElements()
    {
        var y = Run("ScatterND", [Floats([1, 2, 3, 4, 5, 6, 7, 8], 8), Tensor.FromLongs([4, 3, 1, 7], 4, 1), Floats([9, 10, 11, 12], 4)]);
        Equal(y, [1, 11, 3, 10, 9, 6, 7, 12], 8);
    }

    [Fact]
    public void ScatterND_SliceUpdates_ReplaceRows()
    {
        var y = Run("ScatterND", [Seq(3, 2), Tensor.FromLongs([2, 0], 2, 1), Floats([10, 11, 20, 21], 2, 2)]);
        Equal(y, [20, 21, 2, 3, 10, 11], 3, 2);
    }

    [Fact]
    public void ScatterND_AddWithDuplicates_Accumulates()
    {
        // ONNX's test_scatternd_add reduction: both updates to row 0 land.
        var y = Run("ScatterND", [Seq(2, 2), Tensor.FromLongs([0, 0], 2, 1), Floats([1, 1, 10, 10], 2, 2)], Attrs(("reduction", "add")));
        Equal(y, [11, 12, 2, 3], 2, 2);
    }

    [Fact]
    public void ScatterND_Mul_Multiplies()
    {
        var y = Run("ScatterND", [Floats([1, 2, 3], 3), Tensor.FromLongs([1, 1], 2, 1), Floats([3, 4], 2)], Attrs(("reduction", "mul")));
        Equal(y, [1, 24, 3], 3);
    }

    [Fact]
    public void ScatterND_UpdatesShapeWrong_Throws() =>
        Fails("ScatterND", () => Run("ScatterND", [Seq(3, 2), Tensor.FromLongs([2, 0], 2, 1), Seq(2, 3)]), "updates have shape [2, 3]");

    [Fact]
    public void ScatterND_Gradient_DataAndUpdates() =>
        Gradient("ScatterND", [OpTester.RandomTensor(new Random(4), 4, 3), Tensor.FromLongs([3, 1, 3], 3, 1), OpTester.RandomTensor(new Random(5), 3, 3)], wrt: [0, 2]);

    [Fact]
    public void ScatterND_AddGradient_DataAndUpdates() =>
        Gradient("ScatterND", [OpTester.RandomTensor(new Random(4), 4, 3), Tensor.FromLongs([3, 1, 3], 3, 1), OpTester.RandomTensor(new Random(5), 3, 3)],
            Attrs(("reduction", "add")), wrt: [0, 2]);
}
