using CamSharp.Explain.Math;
using Xunit;

namespace CamSharp.Tests.Explain;

/// <summary>The top eigenpair on matrices built from a known spectrum and known orthonormal eigenvectors.</summary>
public sealed class SymmetricEigenTests
{
    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.1)]
    [InlineData(17, 0.3)]
    [InlineData(128, 0.2)]
    [InlineData(129, 1e-6)] // a gap of one part in a million: power iteration would crawl
    [InlineData(300, 0.05)]
    public void Top_KnownSpectrum_FindsTheLargestPair(int n, double gap)
    {
        var rng = new Random(n);
        var q = RandomOrthogonal(rng, n);
        var values = Enumerable.Range(0, n).Select(i => i == 0 ? 10.0 : 10.0 - gap - 5 * rng.NextDouble()).ToArray();
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) s += q[k][i] * values[k] * q[k][j];
                a[i * n + j] = s;
            }
        var copy = (double[])a.Clone();

        var (value, vector) = SymmetricEigen.Top(a, n);

        Assert.Equal(copy, a); // the input is left alone
        Assert.Equal(10.0, value, 1e-9);
        double overlap = Math.Abs(vector.Zip(q[0]).Sum(p => p.First * p.Second));
        Assert.True(Math.Abs(1 - overlap) < 1e-8, $"|<v, q0>| = {overlap}");
        Assert.True(vector.MaxBy(Math.Abs) > 0, "the largest-magnitude component is positive");
    }

    [Fact]
    public void Top_TridiagonalAlreadyOrZeroColumns_StillExact()
    {
        // Zero off-diagonals leave some reflectors empty; the largest diagonal entry is the answer.
        double[] a = [1, 0, 0, 0, 0, 3, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0];
        var (value, vector) = SymmetricEigen.Top(a, 4);
        Assert.Equal(3.0, value, 12);
        Assert.Equal(1.0, Math.Abs(vector[1]), 12);
    }

    [Fact]
    public void Top_RankOneGram_ReturnsItsDirection()
    {
        double[] x = [3, -1, 2, 0.5, 0, 4];
        int n = x.Length;
        var a = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i * n + j] = x[i] * x[j];
        var (value, vector) = SymmetricEigen.Top(a, n);
        double norm2 = x.Sum(v => v * v);
        Assert.Equal(norm2, value, 10);
        double overlap = Math.Abs(vector.Zip(x).Sum(p => p.First * p.Second)) / Math.Sqrt(norm2);
        Assert.Equal(1.0, overlap, 10);
    }

    /// <summary>Rows of a random orthogonal matrix (Gram–Schmidt, twice, on Gaussian-ish rows).</summary>
    private static double[][] RandomOrthogonal(Random rng, int n)
    {
        var rows = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var r = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
            for (int pass = 0; pass < 2; pass++)
                for (int j = 0; j < i; j++)
                {
                    double dot = r.Zip(rows[j]).Sum(p => p.First * p.Second);
                    for (int k = 0; k < n; k++) r[k] -= dot * rows[j][k];
                }
            double norm = Math.Sqrt(r.Sum(v => v * v));
            rows[i] = r.Select(v => v / norm).ToArray();
        }
        return rows;
    }
}
