using CamSharp.Explain.Math;
using Xunit;

namespace CamSharp.Tests.Explain.Metrics;

/// <summary>The pieces of the imputer's solve: the stencil matrix, its coarsening, the V-cycle and conjugate gradients.</summary>
public sealed class SparseSolveTests
{
    /// <summary>A Laplacian-like stencil system on a grid with a ragged set of unknowns.</summary>
    private static StencilGrid Grid(int h, int w, int seed)
    {
        var rng = new Random(seed);
        var unknown = Enumerable.Range(0, h * w).Select(_ => rng.NextDouble() < 0.7).ToArray();
        var probe = new StencilGrid(h, w, unknown, new double[unknown.Count(u => u) * 9]);
        var c = probe.Coefficients;
        for (int i = 0; i < probe.Count; i++)
            for (int k = 0; k < 9; k++)
            {
                int y = probe.Cells[i] / w + k / 3 - 1, x = probe.Cells[i] % w + k % 3 - 1;
                if (k == 4 || y < 0 || x < 0 || y >= h || x >= w) continue;
                double weight = k % 2 == 1 ? 1.0 / 6 : 1.0 / 12;
                c[i * 9 + 4] += weight;
                if (probe.Neighbour(i, k) >= 0) c[i * 9 + k] = -weight;
            }
        return probe;
    }

    [Fact]
    public void Coarsen_IsGalerkinProductWithAggregateInterpolation()
    {
        var fine = Grid(9, 7, 1);
        var coarse = fine.Coarsen();
        int n = fine.Count, m = coarse.Count;
        var a = fine.ToDense();
        var p = new double[n * m];
        for (int i = 0; i < n; i++) p[i * m + coarse.IdOf(fine.Parent(fine.Cells[i], coarse.Width))] = 1;
        var expected = new double[m * m];
        for (int I = 0; I < m; I++)
            for (int J = 0; J < m; J++)
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) expected[I * m + J] += p[i * m + I] * a[i * n + j] * p[j * m + J];
        var actual = coarse.ToDense();
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], 12);
    }

    [Fact]
    public void Multigrid_Apply_IsSymmetric()
    {
        // Conjugate gradients needs a symmetric preconditioner: uᵀ B v = vᵀ B u.
        var grid = Grid(40, 33, 2);
        var mg = new AggregationMultigrid(grid);
        Assert.True(mg.Levels > 2);
        var rng = new Random(3);
        var u = Enumerable.Range(0, grid.Count).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var v = Enumerable.Range(0, grid.Count).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var bu = new double[grid.Count];
        var bv = new double[grid.Count];
        mg.Apply(u, bu);
        mg.Apply(v, bv);
        double uBv = u.Zip(bv, (x, y) => x * y).Sum(), vBu = v.Zip(bu, (x, y) => x * y).Sum();
        Assert.Equal(uBv, vBu, 1e-10 * Math.Abs(uBv));
        Assert.True(u.Zip(bu, (x, y) => x * y).Sum() > 0, "B is positive");
    }

    [Fact]
    public void ConjugateGradient_WithAndWithoutMultigrid_SolvesToTolerance()
    {
        var grid = Grid(50, 61, 4);
        var rng = new Random(5);
        var b = Enumerable.Range(0, grid.Count).Select(_ => rng.NextDouble()).ToArray();
        var mg = new AggregationMultigrid(grid);
        var plain = new double[grid.Count];
        var preconditioned = new double[grid.Count];
        int plainIterations = ConjugateGradient.Solve(grid.Multiply, null, b, plain, 1e-10, 5000);
        int mgIterations = ConjugateGradient.Solve(grid.Multiply, mg.Apply, b, preconditioned, 1e-10, 5000);
        var ax = new double[grid.Count];
        grid.Multiply(preconditioned, ax);
        Assert.True(ax.Zip(b, (x, y) => Math.Abs(x - y)).Max() <= 1e-10);
        Assert.True(plain.Zip(preconditioned, (x, y) => Math.Abs(x - y)).Max() <= 1e-7);
        Assert.True(mgIterations < plainIterations, $"multigrid {mgIterations} vs plain {plainIterations} iterations");
    }

    [Fact]
    public void ConjugateGradient_IndefiniteMatrix_Throws()
    {
        var b = new double[] { 1, 1 };
        var x = new double[2];
        Assert.Throws<InvalidOperationException>(() => ConjugateGradient.Solve((v, y) => { y[0] = v[0]; y[1] = -v[1]; }, null, b, x, 1e-12, 10));
    }
}
