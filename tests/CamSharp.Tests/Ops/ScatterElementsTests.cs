using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class ScatterElementsTests
{
    [Fact]
    public void ScatterElements_Axis1_SpecExample()
    {
        var y = Run("ScatterElements", [Floats([1, 2, 3, 4, 5], 1, 5), Tensor.FromLongs([1, 3], 1, 2), Floats([1.1f, 2.1f], 1, 2)], Attrs(("axis", 1)));
        Equal(y, [1, 1.1f, 3, 2.1f, 5], 1, 5);
    }

    [Fact]
    public void ScatterElements_Axis0_SpecExample()
    {
        var data = Tensor.Zeros(3, 3);
        var y = Run("ScatterElements", [data, Tensor.FromLongs([1, 0, 2, 0, 2, 1], 2, 3), Floats([1, 1.1f, 1.2f, 2, 2.1f, 2.2f], 2, 3)]);
        Equal(y, [2, 1.1f, 0, 1, 0, 2.2f, 0, 2.1f, 1.2f], 3, 3);
    }

    [Fact]
    public void ScatterElements_NegativeIndex_CountsFromEnd()
    {
        var y = Run("ScatterElements", [Floats([1, 2, 3, 4, 5], 1, 5), Tensor.FromLongs([1, -3], 1, 2), Floats([1.1f, 2.1f], 1, 2)], Attrs(("axis", 1)));
        Equal(y, [1, 1.1f, 2.1f, 4, 5], 1, 5);
    }

    [Fact]
    public void ScatterElements_AddDuplicates_Accumulates()
    {
        // ONNX's test_scatter_elements_with_duplicate_indices.
        var y = Run("ScatterElements", [Floats([1, 2, 3, 4, 5], 1, 5), Tensor.FromLongs([1, 1], 1, 2), Floats([1.1f, 2.1f], 1, 2)],
            Attrs(("axis", 1), ("reduction", "add")));
        Equal(y, [1, 5.2f, 3, 4, 5], 1, 5);
    }

    [Fact]
    public void ScatterElements_MaxAndMin_KeepExtremes()
    {
        var data = Floats([1, 5, 3], 3);
        Equal(Run("ScatterElements", [data, Tensor.FromLongs([0, 1], 2), Floats([4, 2], 2)], Attrs(("reduction", "max"))), [4, 5, 3], 3);
        Equal(Run("ScatterElements", [data, Tensor.FromLongs([0, 1], 2), Floats([4, 2], 2)], Attrs(("reduction", "min"))), [1, 2, 3], 3);
    }

    [Fact]
    public void Scatter_DeprecatedName_BehavesAsScatterElements()
    {
        var y = Run("Scatter", [Floats([1, 2, 3, 4, 5], 1, 5), Tensor.FromLongs([1, 3], 1, 2), Floats([1.1f, 2.1f], 1, 2)], Attrs(("axis", 1)), opset: 9);
        Equal(y, [1, 1.1f, 3, 2.1f, 5], 1, 5);
    }

    [Fact]
    public void ScatterElements_UnknownReduction_Throws() =>
        Assert.Contains("reduction 'avg'", Assert.Throws<CamSharp.Engine.ModelException>(() =>
            OpTester.Create("ScatterElements", 3, attrs: Attrs(("reduction", "avg")))).Message);

    [Fact]
    public void ScatterElements_Gradient_LastWriteWins()
    {
        // Index 2 is written twice along axis 1 of row 0: only the later update gets a gradient.
        var idx = Tensor.FromLongs([2, 0, 2, 1, 1, 0], 2, 3);
        Gradient("ScatterElements", [OpTester.RandomTensor(new Random(6), 2, 4), idx, OpTester.RandomTensor(new Random(7), 2, 3)], Attrs(("axis", 1)), wrt: [0, 2]);
    }

    [Fact]
    public void ScatterElements_AddGradient_DataAndUpdates() =>
        Gradient("ScatterElements", [OpTester.RandomTensor(new Random(6), 3, 2), Tensor.FromLongs([2, 0, 2, 1], 2, 2), OpTester.RandomTensor(new Random(7), 2, 2)],
            Attrs(("reduction", "add")), wrt: [0, 2]);

    [Fact]
    public void ScatterElements_MulGradient_Refused()
    {
        var op = OpTester.Create("ScatterElements", 3, attrs: Attrs(("reduction", "mul")));
        var e = Assert.Throws<CamSharp.Engine.ModelException>(() => OpTester.CheckGradient(op,
            [OpTester.RandomTensor(new Random(1), 3), Tensor.FromLongs([0], 1), OpTester.RandomTensor(new Random(2), 1)], [0]));
        Assert.Contains("reduction 'mul'", e.Message);
    }
}
