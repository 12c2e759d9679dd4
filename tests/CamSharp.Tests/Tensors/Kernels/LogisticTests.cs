using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>
/// Sigmoid and SiLU against float64, on every remainder length of the vector loops (the last
/// partial vector is masked, not copied), over the range the exponent clamp touches, at the
/// values that have no finite sigmoid argument (NaN, ±∞), and the strided tile pass the
/// pointwise kernel applies to a strip it has just stored.
/// </summary>
public sealed class LogisticTests
{
    [Fact]
    public void Silu_EveryRemainderLength_MatchesDoublePrecision()
    {
        var rng = new Random(41);
        foreach (int n in Enumerable.Range(1, 40).Append(517))
        {
            var x = Values(rng, n, 30);
            var y = new float[n];
            Logistic.Silu(x, y);
            for (int i = 0; i < n; i++)
            {
                double expected = x[i] / (1 + Math.Exp(-(double)x[i]));
                Assert.True(Math.Abs(y[i] - expected) <= 2e-6 * Math.Max(Math.Abs(expected), 1e-3),
                    $"n={n} x[{i}]={x[i]}: {y[i]} against {expected}");
            }
        }
    }

    [Fact]
    public void Sigmoid_WholeClampedRange_MatchesDoublePrecision()
    {
        var rng = new Random(43);
        var x = Values(rng, 1001, 120);
        var y = new float[x.Length];
        Logistic.Sigmoid(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            double expected = 1 / (1 + Math.Exp(-(double)x[i]));
            // −x·log₂e is rounded to a float before its split: relative error grows to a few 1e-6 as |x| nears 88.
            Assert.True(Math.Abs(y[i] - expected) <= 5e-6 * expected + 1e-37, $"x={x[i]}: {y[i]} against {expected}");
        }
    }

    [Fact]
    public void Silu_SpecialValues_FollowTheFunction()
    {
        // Padded to a vector and a remainder, so both the full and the masked steps see them.
        float[] x = [float.NaN, float.PositiveInfinity, 1000f, -1000f, 0f, 88f, -88f, 20f, -20f, 1e-40f, 0.5f, 3f, -3f, 7f, -7f, 1f, float.NaN, -0.5f];
        var y = new float[x.Length];
        Logistic.Silu(x, y);
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[16]), "NaN stays NaN");
        Assert.Equal(float.PositiveInfinity, y[1]);
        Assert.Equal(1000f, y[2]);
        Assert.True(y[3] <= 0 && y[3] > -1e-30f, $"silu(-1000) = {y[3]}");
        Assert.Equal(0f, y[4]);
        Assert.Equal(88f, y[5]);
        Assert.True(y[6] <= 0 && y[6] > -1e-30f, $"silu(-88) = {y[6]}");
        Assert.Equal(20f, y[7], 5);
    }

    [Fact]
    public void SiluRows512_StridedTile_EqualsSiluRowByRow()
    {
        // The pointwise kernel, and so this pass, runs on AVX-512 machines only: elsewhere the tile pass is never called.
        Assert.Equal(Avx512F.IsSupported, PointwiseKernel512.IsSupported);
        if (!PointwiseKernel512.IsSupported) return;
        var rng = new Random(47);
        foreach (int width in new[] { 1, 15, 16, 17, 32 })
        {
            const int rows = 5, stride = 49;
            var tile = Values(rng, rows * stride, 12);
            var expected = (float[])tile.Clone();
            for (int r = 0; r < rows; r++) Logistic.Silu(expected.AsSpan(r * stride, width), expected.AsSpan(r * stride, width));
            unsafe
            {
                fixed (float* p = tile) Logistic.SiluRows512(p, stride, rows, width);
            }
            Assert.Equal(expected, tile);
        }
    }

    private static float[] Values(Random rng, int n, double range) =>
        Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * range)).ToArray();
}
