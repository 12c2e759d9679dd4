using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class WhereTests
{
    private static readonly Tensor Condition = Tensor.FromBools([true, false], 2, 1);

    [Fact]
    public void Where_BroadcastsAllThree()
    {
        var y = Run1("Where", [Condition, Tensor.FromFloats([1, 2, 3], 1, 3), Tensor.Scalar(-1)]);
        Assert.Equal([2, 3], y.Shape);
        Assert.Equal([1f, 2, 3, -1, -1, -1], y.Floats.ToArray());
    }

    [Fact]
    public void Where_Int64AndBoolBranches()
    {
        var l = Run1("Where", [Tensor.FromBools([true, false, true], 3), Tensor.FromLongs([1, 2, 3], 3), Tensor.FromLongs([9], 1)]);
        Assert.Equal([1L, 9, 3], l.Longs.ToArray());
        var b = Run1("Where", [Tensor.FromBools([false, true], 2), Tensor.FromBools([true], 1), Tensor.FromBools([true, false], 2)]);
        Assert.Equal([true, true], b.Bools.ToArray());
    }

    [Fact]
    public void Where_LargeMaskedFill_MatchesReference()
    {
        var rng = new Random(1);
        var cond = Tensor.FromBools(Enumerable.Range(0, 4 * 128 * 128).Select(_ => rng.Next(2) == 0).ToArray(), 4, 128, 128);
        var x = OpTester.RandomTensor(rng, 128);
        var y = Run1("Where", [cond, x, Tensor.Scalar(float.NegativeInfinity)]);
        var expected = Broadcast(cond.Shape, [cond, x, Tensor.Scalar(float.NegativeInfinity)], v => v[0] != 0 ? v[1] : v[2]);
        Assert.Equal(ToFloats(expected), y.Floats.ToArray());
    }

    [Fact]
    public void Where_Backward_BranchGradientsMatchFiniteDifferences()
    {
        var rng = new Random(2);
        var cond = Tensor.FromBools(Enumerable.Range(0, 12).Select(_ => rng.Next(2) == 0).ToArray(), 3, 1, 4);
        var op = OpTester.Create("Where", 3);
        CheckGradient(op, [cond, OpTester.RandomTensor(rng, 2, 1), OpTester.RandomTensor(rng, 3, 2, 4)], [1, 2]);
    }

    [Fact]
    public void Where_FloatCondition_Throws()
    {
        var e = Assert.Throws<ModelException>(() => Run1("Where", [Tensor.Zeros(2), Tensor.Zeros(2), Tensor.Zeros(2)]));
        Assert.Contains("condition is Float32", e.Message);
    }

    [Fact]
    public void Where_BranchTypesDiffer_Throws() =>
        Assert.Throws<ModelException>(() => Run1("Where", [Condition, Tensor.Zeros(1), Tensor.FromLongs([1], 1)]));
}
