using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class NonZeroTests
{
    [Fact]
    public void NonZero_SpecExample_RowMajorCoordinates()
    {
        var y = Run("NonZero", [Tensor.FromBools([true, false, true, true], 2, 2)]);
        EqualLongs(y, [0, 1, 1, 0, 0, 1], 2, 3);
    }

    [Fact]
    public void NonZero_Floats_CountsNonZero()
    {
        var y = Run("NonZero", [Floats([0, 2, 0, -1], 4)], constant: null);
        EqualLongs(y, [1, 3], 1, 2);
    }

    [Fact]
    public void NonZero_AllZero_GivesEmpty()
    {
        var y = Run("NonZero", [Tensor.FromLongs([0, 0, 0], 3)]);
        Assert.Equal([1, 0], y.Shape);
    }

    [Fact]
    public void NonZero_UnknownInput_DeclaresRunTimeShape()
    {
        var ctx = Infer("NonZero", [Floats([1, 0], 2)], constant: [false]);
        Assert.Null(ctx.Outputs[0]);
        Assert.True(ctx.IsDynamic(0));
    }

    private static Tensor Run(string op, Tensor[] inputs, bool[]? constant = null) =>
        OpTester.Run(op, inputs, constant: constant ?? inputs.Select(_ => true).ToArray())[0];
}
