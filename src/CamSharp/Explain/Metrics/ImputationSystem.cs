using CamSharp.Explain.Math;

namespace CamSharp.Explain.Metrics;

/// <summary>
/// The linear system of ROAD's noisy linear imputer (Rong et al., ICML 2022): every removed
/// pixel equals the weighted mean of its in-image 8 neighbours (known neighbours contribute
/// their value, removed ones are unknowns). Written as Σ_j w_j x_i − Σ_{removed j} w_j x_j =
/// Σ_{known j} w_j v_j, which is symmetric positive definite whenever one pixel is known, and
/// solved per channel by conjugate gradients with a multigrid preconditioner.
/// </summary>
public sealed class ImputationSystem
{
    /// <summary>
    /// The system for a C × H × W <paramref name="image"/> and a per-pixel (H × W)
    /// <paramref name="keep"/> mask: true = known, false = to impute.
    /// </summary>
    public ImputationSystem(ReadOnlySpan<float> image, int channels, int height, int width, ReadOnlySpan<bool> keep,
        double edgeWeight = 1.0 / 6, double diagonalWeight = 1.0 / 12)
    {
        int pixels = height * width;
        if (image.Length != channels * pixels) throw new ArgumentException($"The image has {image.Length} values; {channels}×{height}×{width} expected.", nameof(image));
        if (keep.Length != pixels) throw new ArgumentException($"The mask has {keep.Length} values; {height}×{width} expected.", nameof(keep));
        if (!keep.Contains(true)) throw new ArgumentException("The mask keeps no pixel: with nothing known the imputation system is singular.", nameof(keep));
        if (!(edgeWeight > 0 && diagonalWeight >= 0)) throw new ArgumentException("Neighbour weights must be positive (edge) and non-negative (diagonal).");
        Channels = channels;

        var unknown = new bool[pixels];
        for (int p = 0; p < pixels; p++) unknown[p] = !keep[p];
        int n = pixels - keep.Count(true);
        var coefficients = new double[n * 9];
        Matrix = new StencilGrid(height, width, unknown, coefficients);
        RightHandSides = new double[channels][];
        for (int c = 0; c < channels; c++) RightHandSides[c] = new double[n];
        for (int i = 0; i < n; i++)
        {
            int cell = Matrix.Cells[i], y0 = cell / width, x0 = cell % width;
            for (int k = 0; k < 9; k++)
            {
                if (k == 4) continue;
                int y = y0 + k / 3 - 1, x = x0 + k % 3 - 1;
                if (y < 0 || x < 0 || y >= height || x >= width) continue;
                double weight = k % 2 == 1 ? edgeWeight : diagonalWeight;
                coefficients[i * 9 + 4] += weight;
                if (unknown[y * width + x]) coefficients[i * 9 + k] = -weight;
                else
                    for (int c = 0; c < channels; c++) RightHandSides[c][i] += weight * image[c * pixels + y * width + x];
            }
        }
    }

    public int Channels { get; }

    /// <summary>The matrix; its unknowns are the removed pixels (<see cref="StencilGrid.Cells"/>, row-major).</summary>
    public StencilGrid Matrix { get; }

    /// <summary>Per channel, the right-hand side (weighted sums of the known neighbours).</summary>
    public double[][] RightHandSides { get; }

    /// <summary>The solution per channel, with every equation met to <paramref name="tolerance"/>.</summary>
    public double[][] Solve(double tolerance = 1e-9)
    {
        var result = new double[Channels][];
        if (Matrix.Count == 0)
        {
            for (int c = 0; c < Channels; c++) result[c] = [];
            return result;
        }
        var preconditioner = new AggregationMultigrid(Matrix);
        for (int c = 0; c < Channels; c++)
        {
            result[c] = new double[Matrix.Count];
            ConjugateGradient.Solve(Matrix.Multiply, preconditioner.Apply, RightHandSides[c], result[c], tolerance, maxIterations: 2000);
        }
        return result;
    }

    /// <summary>max_i |(A x − b)_i| for channel <paramref name="channel"/>.</summary>
    public double MaxResidual(int channel, double[] x)
    {
        var ax = new double[Matrix.Count];
        Matrix.Multiply(x, ax);
        double worst = 0;
        for (int i = 0; i < ax.Length; i++) worst = System.Math.Max(worst, System.Math.Abs(ax[i] - RightHandSides[channel][i]));
        return worst;
    }
}
