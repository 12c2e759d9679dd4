namespace CamSharp.Explain.Metrics;

/// <summary>
/// The confidence change under the CAM-multiplied input (pytorch-grad-cam's
/// <c>CamMultImageConfidenceChange</c>): the target on input × map (the normalised tensor times
/// the map, broadcast over channels) minus the target on the input. A faithful map keeps what
/// the model needs, so the confidence should not drop.
/// </summary>
public static class ConfidenceChange
{
    /// <summary>The before/after scores of each image, both in one batched run.</summary>
    public static ConfidenceChangeResult[] Evaluate(MetricInput input)
    {
        var before = input.Scores;
        int pixels = input.Pixels;
        var after = PerturbedScores.Run(input, input.Images, k => k, (b, dst) =>
        {
            var image = input.Image(b);
            var map = input.Maps[b];
            for (int c = 0; c < input.Channels; c++)
                for (int p = 0; p < pixels; p++) dst[c * pixels + p] = image[c * pixels + p] * map[p];
        });
        return Enumerable.Range(0, input.Images).Select(b => new ConfidenceChangeResult(before[b], after[b])).ToArray();
    }
}

/// <summary>One image's target before and after multiplying the input by its map.</summary>
public readonly record struct ConfidenceChangeResult(float Before, float After)
{
    /// <summary>After − before (pytorch-grad-cam's <c>CamMultImageConfidenceChange</c>).</summary>
    public float Change => After - Before;

    /// <summary>max(before − after, 0) (pytorch-grad-cam's <c>DropInConfidence</c>: an absolute drop, in the target's units).</summary>
    public float Drop => System.Math.Max(-Change, 0);

    /// <summary>1 when the confidence rose, else 0 (pytorch-grad-cam's <c>IncreaseInConfidence</c>).</summary>
    public float Increase => Change > 0 ? 1 : 0;

    /// <summary>
    /// The Grad-CAM++ paper's relative drop, 100 · max(before − after, 0) / before (its "Average
    /// Drop %" is the mean of these). pytorch-grad-cam's <c>DropInConfidence</c> leaves out the
    /// division; this is the paper's quantity. NaN when before ≤ 0 (not a probability).
    /// </summary>
    public float DropPercent => Before > 0 ? 100 * Drop / Before : float.NaN;
}
