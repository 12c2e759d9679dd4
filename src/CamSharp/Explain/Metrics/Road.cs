namespace CamSharp.Explain.Metrics;

/// <summary>
/// ROAD, RemOve And Debias (Rong et al., ICML 2022), as pytorch-grad-cam's <c>metrics/road.py</c>
/// defines it: remove pixels by the map's ranking (<see cref="RoadMask"/>), fill them with the
/// <see cref="NoisyLinearImputer"/>, and report target(imputed) − target(input). Most relevant
/// first should make the confidence fall (lower is better), least relevant first should keep it
/// (higher is better); the averages are over the percentiles and combined = (LeRF − MoRF) / 2.
/// All images × percentiles × orders are imputed in parallel and scored in batches.
/// </summary>
public static class Road
{
    /// <summary>Most- and least-relevant-first scores at every percentile, for each image.</summary>
    public static RoadResult[] Evaluate(MetricInput input, RoadOptions? options = null)
    {
        options ??= new RoadOptions();
        var percentiles = options.Percentiles.ToArray();
        if (percentiles.Length == 0) throw new ArgumentException("ROAD needs at least one percentile.", nameof(options));
        foreach (double p in percentiles) RoadMask.KeptCount(input.Pixels, p);
        var orders = Enumerable.Range(0, input.Images)
            .Select(b => new[] { RoadMask.KeepOrder(input.Maps[b], true), RoadMask.KeepOrder(input.Maps[b], false) }).ToArray();

        // Frame f: image f / (2P), percentile (f / 2) % P, order f % 2 (0 = most relevant first).
        int perImage = 2 * percentiles.Length;
        var after = PerturbedScores.Run(input, input.Images * perImage, f => f / perImage, (f, dst) =>
        {
            int b = f / perImage, order = f % 2;
            var keep = RoadMask.Keep(orders[b][order], percentiles[f / 2 % percentiles.Length]);
            options.Imputer.Impute(input.Image(b), input.Channels, input.Height, input.Width, keep, new Random(unchecked(options.Seed * 7919 + f))).CopyTo(dst);
        });

        var before = input.Scores;
        var results = new RoadResult[input.Images];
        for (int b = 0; b < input.Images; b++)
        {
            var morf = new float[percentiles.Length];
            var lerf = new float[percentiles.Length];
            for (int i = 0; i < percentiles.Length; i++)
            {
                morf[i] = after[b * perImage + 2 * i] - before[b];
                lerf[i] = after[b * perImage + 2 * i + 1] - before[b];
            }
            results[b] = new RoadResult(percentiles, morf, lerf);
        }
        return results;
    }
}

/// <summary>Options of <see cref="Road"/>: pytorch-grad-cam's defaults.</summary>
public sealed record RoadOptions
{
    /// <summary>The percentiles (pytorch-grad-cam's averaging classes use 10, 20, …, 90).</summary>
    public IReadOnlyList<double> Percentiles { get; init; } = [10, 20, 30, 40, 50, 60, 70, 80, 90];

    public NoisyLinearImputer Imputer { get; init; } = new();

    /// <summary>Seeds the imputer's noise, so a run repeats exactly.</summary>
    public int Seed { get; init; }
}

/// <summary>
/// One image's ROAD scores (target change) per percentile. The combined score reuses the same
/// runs for both averages (pytorch-grad-cam's <c>ROADCombined</c> runs them again with new noise).
/// </summary>
public sealed record RoadResult(IReadOnlyList<double> Percentiles, IReadOnlyList<float> MostRelevantFirst, IReadOnlyList<float> LeastRelevantFirst)
{
    /// <summary><c>ROADMostRelevantFirstAverage</c>: lower means more faithful.</summary>
    public float MostRelevantFirstAverage => Mean(MostRelevantFirst);

    /// <summary><c>ROADLeastRelevantFirstAverage</c>: higher means more faithful.</summary>
    public float LeastRelevantFirstAverage => Mean(LeastRelevantFirst);

    /// <summary><c>ROADCombined</c> = (LeRF average − MoRF average) / 2: higher means more faithful.</summary>
    public float Combined => (LeastRelevantFirstAverage - MostRelevantFirstAverage) / 2;

    private static float Mean(IReadOnlyList<float> values) => values.Count == 0 ? float.NaN : (float)values.Average(v => (double)v);
}
