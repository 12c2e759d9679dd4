using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.QuantizedTesting;

namespace CamSharp.Tests.Ops;

public class MatMulIntegerTests
{
    [Fact]
    public void Forward_SpecExample_SubtractsZeroPoints()
    {
        var a = Longs([11, 7, 3, 10, 6, 2, 9, 5, 1, 8, 4, 0], 4, 3);
        var b = Longs([1, 4, 2, 5, 3, 6], 3, 2);
        var y = OpTester.Run("MatMulInteger", [a, b, Longs([12]), Longs([0])])[0];
        Assert.Equal(new long[] { -38, -83, -44, -98, -50, -113, -56, -128 }, y.Longs.ToArray());
    }

    [Fact]
    public void Forward_PerRowAndPerColumnZeroPoints_MatchesReference()
    {
        var rng = new Random(5);
        var a = RandomIntegers(rng, 0, 255, 3, 4);
        var b = RandomIntegers(rng, -128, 127, 4, 2);
        long[] azp = [10, 128, 200], bzp = [-3, 5];
        var y = OpTester.Run("MatMulInteger", [a, b, Longs(azp, 3), Longs(bzp, 2)])[0];
        var ac = Values(a).Select((v, i) => v - azp[i / 4]).ToArray();
        var bc = Values(b).Select((v, i) => v - bzp[i % 2]).ToArray();
        Assert.Equal(MatMul(ac, bc, 3, 4, 2).Select(v => (long)v).ToArray(), y.Longs.ToArray());
    }

    [Fact]
    public void Backward_BothOperands_MatchFiniteDifferencesOfFloatProduct()
    {
        var rng = new Random(6);
        var a = RandomIntegers(rng, 0, 255, 3, 4);
        var b = RandomIntegers(rng, 0, 255, 4, 5);
        var op = OpTester.Create("MatMulInteger", 4);
        Tensor?[] inputs = [a, b, Longs([128]), Longs([120])];
        var bc = Values(b).Select(v => v - 120).ToArray();
        var ac = Values(a).Select(v => v - 128).ToArray();
        CheckStraightThrough(op, inputs, 0, v => MatMul(v.Select(x => x - 128).ToArray(), bc, 3, 4, 5), eps: 0.5, tol: 1e-5);
        CheckStraightThrough(op, inputs, 1, v => MatMul(ac, v.Select(x => x - 120).ToArray(), 3, 4, 5), eps: 0.5, tol: 1e-5);
    }
}
