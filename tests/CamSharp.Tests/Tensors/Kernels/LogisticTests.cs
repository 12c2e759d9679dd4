using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>
/// Sigmoid and SiLU against float64, on every remainder length of the vector loops (the last
/// partial vector is masked, not copied), over the range the exponent clamp touches, at the
/// values that have no finite sigmoid argument (NaN, ±∞), and the strided tile passes the
/// pointwise kernels (AVX-512 and AVX2) apply to a strip they have just stored.
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

    [Fact]
    public void SiluRows256_StridedTile_EqualsSiluRowByRow()
    {
        // The AVX2 pointwise kernel's pass: on AVX2 + FMA machines without AVX-512 it is what Silu itself runs, lane for lane.
        if (!Logistic.Step256Supported) return;
        var rng = new Random(53);
        foreach (int width in new[] { 0, 1, 7, 8, 9, 15, 16, 17 })
        {
            const int rows = 6, stride = 49;
            var tile = Values(rng, rows * stride, 12);
            var expected = (float[])tile.Clone();
            for (int r = 0; r < rows; r++)
                for (int i = 0; i < width; i++)
                {
                    double v = expected[r * stride + i];
                    expected[r * stride + i] = (float)(v / (1 + Math.Exp(-v)));
                }
            unsafe
            {
                fixed (float* p = tile) Logistic.SiluRows256(p, stride, rows, width);
            }
            for (int i = 0; i < tile.Length; i++)
            {
                // Lanes past the width (masked off) must be left exactly as they were.
                bool inside = i % stride < width;
                float tolerance = inside ? 2e-6f * Math.Max(Math.Abs(expected[i]), 1e-3f) : 0f;
                Assert.True(Math.Abs(tile[i] - expected[i]) <= tolerance, $"width {width} at {i}: {tile[i]} against {expected[i]}");
            }
        }
    }

    [Fact]
    public void Sigmoid_SpecialValues_FollowTheFunction()
    {
        // Past the clamp on both sides, NaN in a full vector and in the masked remainder (8 + 5 values: both steps on AVX2).
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 88f, -88f, 100f, -100f, 0f, 1f, -1f, 30f, float.NaN, -30f];
        var y = new float[x.Length];
        Logistic.Sigmoid(x, y);
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[11]), "NaN stays NaN");
        Assert.Equal(1f, y[1]);
        Assert.True(y[2] >= 0 && y[2] < 1e-37f, $"sigmoid(-inf) = {y[2]}");
        Assert.Equal(1f, y[3]);
        Assert.Equal(1f, y[5]);
        Assert.True(y[6] >= 0 && y[6] < 1e-37f, $"sigmoid(-100) = {y[6]}");
        Assert.Equal(0.5f, y[7]);
        Assert.Equal(1 / (1 + Math.Exp(-1)), y[8], 6);
        Assert.Equal(1 / (1 + Math.Exp(1)), y[9], 6);
        Assert.Equal(1f, y[10]);
        Assert.Equal(1 / (1 + Math.Exp(30)), y[12], 1e-18);
    }

    private static float[] Values(Random rng, int n, double range) =>
        Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * range)).ToArray();
}
