using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class LogicalTests
{
    // Truth table as a [2,1] ⊕ [2] broadcast: rows a = F, T; columns b = F, T.
    private static readonly Tensor A = Tensor.FromBools([false, true], 2, 1);
    private static readonly Tensor B = Tensor.FromBools([false, true], 2);

    [Theory]
    [InlineData("And", new[] { false, false, false, true })]
    [InlineData("Or", new[] { false, true, true, true })]
    [InlineData("Xor", new[] { false, true, true, false })]
    public void Binary_TruthTable(string opType, bool[] expected)
    {
        var y = Run1(opType, [A, B]);
        Assert.Equal([2, 2], y.Shape);
        Assert.Equal(expected, y.Bools.ToArray());
    }

    [Fact]
    public void Not_FlipsEveryElement()
    {
        var values = Enumerable.Range(0, 37).Select(i => i % 3 == 0).ToArray(); // vector body and tail
        var y = Run1("Not", [Tensor.FromBools(values, 37)]);
        Assert.Equal(values.Select(v => !v).ToArray(), y.Bools.ToArray());
    }

    [Fact]
    public void And_LargeBroadcast_MatchesReference()
    {
        var rng = new Random(1);
        var a = Tensor.FromBools(Enumerable.Range(0, 300 * 257).Select(_ => rng.Next(2) == 0).ToArray(), 300, 257);
        var b = Tensor.FromBools(Enumerable.Range(0, 257).Select(_ => rng.Next(2) == 0).ToArray(), 257);
        var y = Run1("And", [a, b]);
        var expected = Broadcast(a.Shape, [a, b], v => v[0] * v[1]).Select(v => v != 0).ToArray();
        Assert.Equal(expected, y.Bools.ToArray());
    }

    [Theory]
    [InlineData("And")]
    [InlineData("Or")]
    public void Binary_FloatInput_Throws(string opType)
    {
        var e = Assert.Throws<ModelException>(() => Run1(opType, [A, Tensor.Zeros(2)]));
        Assert.Contains("input 1 is Float32", e.Message);
    }

    [Fact]
    public void Not_IsNotDifferentiable() => Assert.False(OpTester.Create("Not", 1).IsDifferentiable);
}
