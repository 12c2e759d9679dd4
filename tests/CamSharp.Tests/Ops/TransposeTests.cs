using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class TransposeTests
{
    [Fact]
    public void Transpose_DefaultPerm_ReversesAxes()
    {
        var y = Run("Transpose", [Seq(2, 3)]);
        Equal(y, [0, 3, 1, 4, 2, 5], 3, 2);
    }

    [Fact]
    public void Transpose_NchwToNhwc_MovesChannelsLast()
    {
        var y = Run("Transpose", [Seq(1, 2, 2, 2)], Attrs(("perm", new long[] { 0, 2, 3, 1 })));
        Equal(y, [0, 4, 1, 5, 2, 6, 3, 7], 1, 2, 2, 2);
    }

    public static TheoryData<int[]> Shapes => new()
    {
        new[] { 2, 3, 1, 5 },
        new[] { 3, 1, 4, 2 },
        new[] { 2, 33, 35, 3 },   // larger than one tile, odd edges
        new[] { 1, 1, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Transpose_EveryRank4Perm_MatchesNaiveReference(int[] shape)
    {
        var x = Seq(shape);
        foreach (var perm in Permutations(4))
        {
            var y = Run("Transpose", [x], Attrs(("perm", perm.Select(p => (long)p).ToArray())));
            Assert.Equal(Reference(x.Floats.ToArray(), shape, perm), y.Floats.ToArray());
        }
    }

    [Fact]
    public void Transpose_RandomRanks_MatchNaiveReference()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 30; trial++)
        {
            int rank = rng.Next(1, 7);
            var shape = RandomShape(rng, rank, 1, 6);
            var perm = Enumerable.Range(0, rank).OrderBy(_ => rng.Next()).ToArray();
            var x = Seq(shape);
            var y = Run("Transpose", [x], Attrs(("perm", perm.Select(p => (long)p).ToArray())));
            Assert.Equal(Reference(x.Floats.ToArray(), shape, perm), y.Floats.ToArray());
        }
    }

    [Fact]
    public void Transpose_LargeMatrix_MatchesNaiveReference()
    {
        var x = Seq(67, 45);
        Assert.Equal(Reference(x.Floats.ToArray(), [67, 45], [1, 0]), Run("Transpose", [x]).Floats.ToArray());
    }

    [Fact]
    public void Transpose_Int64AndBool_Permute()
    {
        EqualLongs(Run("Transpose", [LongSeq(2, 3)]), [0, 3, 1, 4, 2, 5], 3, 2);
        var b = Run("Transpose", [Tensor.FromBools([true, true, false, false], 2, 2)]);
        Assert.Equal([true, false, true, false], b.Bools.ToArray());
    }

    [Fact]
    public void Transpose_PermNotAPermutation_Throws() =>
        Fails("Transpose", () => Run("Transpose", [Seq(2, 3)], Attrs(("perm", new long[] { 0, 0 }))), "not a permutation");

    [Fact]
    public void Transpose_PermWrongLength_Throws() =>
        Fails("Transpose", () => Run("Transpose", [Seq(2, 3)], Attrs(("perm", new long[] { 0, 1, 2 }))), "expected 2");

    [Fact]
    public void Transpose_Gradient_MatchesFiniteDifferences()
    {
        var rng = new Random(12);
        Gradient("Transpose", [OpTester.RandomTensor(rng, 3, 1, 5, 4)], Attrs(("perm", new long[] { 2, 0, 3, 1 })));
        Gradient("Transpose", [OpTester.RandomTensor(rng, 3, 5, 7)], Attrs(("perm", new long[] { 0, 2, 1 })));
    }

    private static float[] Reference(float[] x, int[] shape, int[] perm)
    {
        var outShape = perm.Select(p => shape[p]).ToArray();
        var y = new float[x.Length];
        var inIdx = new int[shape.Length];
        for (int k = 0; k < y.Length; k++)
        {
            var o = Unravel(k, outShape);
            for (int d = 0; d < perm.Length; d++) inIdx[perm[d]] = o[d];
            y[k] = x[Ravel(inIdx, shape)];
        }
        return y;
    }

    private static IEnumerable<int[]> Permutations(int n)
    {
        if (n == 0)
        {
            yield return [];
            yield break;
        }
        foreach (var p in Permutations(n - 1))
            for (int at = 0; at <= p.Length; at++)
                yield return [.. p[..at], n - 1, .. p[at..]];
    }
}
