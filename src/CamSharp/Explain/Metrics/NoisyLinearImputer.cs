namespace CamSharp.Explain.Metrics;

/// <summary>
/// ROAD's noisy linear imputer (Rong et al., "A Consistent and Efficient Evaluation Strategy
/// for Attribution Methods", ICML 2022; pytorch-grad-cam's <c>NoisyLinearImputer</c>): removed
/// pixels are filled, channel by channel, with the solution of <see cref="ImputationSystem"/>
/// (neighbour weights 1/6 for edges, 1/12 for diagonals), plus Gaussian noise of standard
/// deviation <see cref="Noise"/>.
/// <para>Differences from pytorch-grad-cam, which are fixes: the weights given are used
/// (pytorch-grad-cam ignores its <c>weighting</c> argument and assumes weights summing to 1);
/// the mask is always H × W (pytorch-grad-cam replaces a mask whose first dimension is 3 —
/// an image 3 pixels tall — by the image's grey levels); a mask keeping no pixel is an error
/// rather than a singular solve giving NaN.</para>
/// </summary>
public sealed record NoisyLinearImputer
{
    /// <summary>Standard deviation of the noise added to imputed values (0 for none).</summary>
    public double Noise { get; init; } = 0.01;

    /// <summary>Weight of the 4 edge neighbours.</summary>
    public double EdgeWeight { get; init; } = 1.0 / 6;

    /// <summary>Weight of the 4 diagonal neighbours.</summary>
    public double DiagonalWeight { get; init; } = 1.0 / 12;

    /// <summary>
    /// A copy of the C × H × W <paramref name="image"/> with the pixels where
    /// <paramref name="keep"/> is false imputed. <paramref name="random"/> draws the noise
    /// (default: seed 0, so results repeat).
    /// </summary>
    public float[] Impute(ReadOnlySpan<float> image, int channels, int height, int width, ReadOnlySpan<bool> keep, Random? random = null)
    {
        var system = new ImputationSystem(image, channels, height, width, keep, EdgeWeight, DiagonalWeight);
        var solution = system.Solve();
        var result = image.ToArray();
        random ??= new Random(0);
        int pixels = height * width;
        var cells = system.Matrix.Cells;
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < cells.Length; i++)
                result[c * pixels + cells[i]] = (float)(solution[c][i] + (Noise == 0 ? 0 : Noise * StandardNormal(random)));
        return result;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double StandardNormal(Random random)
    {
        double u = 1 - random.NextDouble(), v = random.NextDouble();
        return System.Math.Sqrt(-2 * System.Math.Log(u)) * System.Math.Cos(2 * System.Math.PI * v);
    }
}
