using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class SplitTests
{
    [Fact]
    public void Split_NoSizes_SplitsEqually()
    {
        var ys = OpTester.Run("Split", [Seq(2, 4)], Attrs(("axis", 1)), outputCount: 2);
        Equal(ys[0], [0, 1, 4, 5], 2, 2);
        Equal(ys[1], [2, 3, 6, 7], 2, 2);
    }

    [Fact]
    public void Split_SplitInput_UsesSizes()
    {
        var ys = OpTester.Run("Split", [Seq(6), Longs(1, 0, 5)], outputCount: 3, opset: 13);
        Equal(ys[0], [0], 1);
        Equal(ys[1], Array.Empty<float>(), 0);
        Equal(ys[2], [1, 2, 3, 4, 5], 5);
    }

    [Fact]
    public void Split_SplitAttributeBeforeOpset13_UsesSizes()
    {
        var ys = OpTester.Run("Split", [Seq(3, 2)], Attrs(("split", new long[] { 2, 1 })), outputCount: 2, opset: 11);
        Equal(ys[0], [0, 1, 2, 3], 2, 2);
        Equal(ys[1], [4, 5], 1, 2);
    }

    [Fact]
    public void Split_NumOutputsUneven_LastChunkSmaller()
    {
        var ys = OpTester.Run("Split", [Seq(10)], Attrs(("num_outputs", 3)), outputCount: 3, opset: 18);
        Assert.Equal([4, 4, 2], ys.Select(y => y.Shape[0]));
        Equal(ys[2], [8, 9], 2);
    }

    [Fact]
    public void Split_Int64_Splits()
    {
        var ys = OpTester.Run("Split", [LongSeq(4)], outputCount: 2);
        EqualLongs(ys[1], [2, 3], 2);
    }

    [Fact]
    public void Split_NotDivisibleWithoutSizes_Throws() =>
        Fails("Split", () => OpTester.Run("Split", [Seq(5)], outputCount: 2), "size 5", "2 equal parts");

    [Fact]
    public void Split_SizesNotSummingToAxis_Throws() =>
        Fails("Split", () => OpTester.Run("Split", [Seq(5), Longs(2, 2)], outputCount: 2), "sums to 4", "expected 5");

    [Fact]
    public void Split_Gradient_MatchesFiniteDifferences()
    {
        var rng = new Random(31);
        Gradient("Split", [OpTester.RandomTensor(rng, 3, 7, 2), Longs(2, 4, 1)], Attrs(("axis", 1)), outputs: 3, opset: 13, seed: 2);
        Gradient("Split", [OpTester.RandomTensor(rng, 5, 3)], Attrs(("axis", -2), ("num_outputs", 2)), opset: 18, outputs: 2);
    }

    [Fact]
    public void Split_Backward_MissingOutputGradIsZero()
    {
        var op = OpTester.Create("Split", 1, 2, Attrs(("axis", 0)));
        var x = Seq(4);
        var info = new TensorInfo(DataType.Float32, [4]);
        var ctx = new BackwardContext([x], [info], [null, null], [null, Floats([5, 6], 2)], [true]);
        op.Backward(ctx);
        Assert.Equal([0, 0, 5, 6], ctx.InputGrads[0]!.Floats.ToArray());
    }
}
