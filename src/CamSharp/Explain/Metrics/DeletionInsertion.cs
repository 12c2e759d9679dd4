namespace CamSharp.Explain.Metrics;

/// <summary>
/// RISE's causal metrics (Petsiuk et al., BMVC 2018; eclique/RISE <c>evaluation.py</c>).
/// Deletion: starting from the input, replace <c>step</c> pixels at a time, most salient first,
/// by zeros (the normalised tensor's zero, as RISE does) and follow the target — a faithful map
/// makes it fall fast (low AUC). Insertion: starting from <see cref="RiseBlur"/>'s blurred input,
/// put the original pixels back in the same order — the target should rise fast (high AUC).
/// <para>Differences from RISE: the score is the image's target (RISE takes the softmax of the
/// model's top class; use <see cref="Targets.SoftmaxTarget"/> for that), so detectors work with a
/// box target; ties in the map keep pixel order (RISE's unstable argsort leaves it undefined);
/// the area is the trapezoid over the true fraction of pixels changed — RISE spaces the steps
/// evenly, which overweights the last, shorter step when the pixel count is not a multiple of
/// the step (identical otherwise).</para>
/// </summary>
public static class DeletionInsertion
{
    /// <summary>The deletion curve of each image (<paramref name="step"/> pixels per step; default: one image row).</summary>
    public static CausalCurve[] Deletion(MetricInput input, int? step = null) => Run(input, deletion: true, step);

    /// <summary>The insertion curve of each image.</summary>
    public static CausalCurve[] Insertion(MetricInput input, int? step = null) => Run(input, deletion: false, step);

    private static CausalCurve[] Run(MetricInput input, bool deletion, int? step)
    {
        int s = step ?? input.Width, pixels = input.Pixels, channels = input.Channels;
        if (s < 1) throw new ArgumentOutOfRangeException(nameof(step), s, "The deletion/insertion step must be at least one pixel.");
        int steps = (pixels + s - 1) / s, perImage = steps + 1;
        var orders = input.Maps.Select(SalientOrder).ToArray();
        var blurred = deletion ? null : Enumerable.Range(0, input.Images)
            .Select(b => RiseBlur.Apply(input.Image(b), channels, input.Height, input.Width)).ToArray();

        var scores = PerturbedScores.Run(input, input.Images * perImage, f => f / perImage, (f, dst) =>
        {
            int b = f / perImage, changed = System.Math.Min(f % perImage * s, pixels);
            var image = input.Image(b);
            if (deletion) image.CopyTo(dst);
            else blurred![b].CopyTo(dst);
            var order = orders[b];
            for (int i = 0; i < changed; i++)
                for (int c = 0; c < channels; c++)
                {
                    int at = c * pixels + order[i];
                    dst[at] = deletion ? 0 : image[at];
                }
        });

        var fractions = Enumerable.Range(0, perImage).Select(i => System.Math.Min(i * s, pixels) / (double)pixels).ToArray();
        return Enumerable.Range(0, input.Images)
            .Select(b => new CausalCurve(s, fractions, scores.AsSpan(b * perImage, perImage).ToArray())).ToArray();
    }

    /// <summary>Pixels by decreasing saliency, ties in pixel order.</summary>
    private static int[] SalientOrder(float[] map)
    {
        var order = Enumerable.Range(0, map.Length).ToArray();
        Array.Sort(order, (a, b) => map[a] != map[b] ? map[b].CompareTo(map[a]) : a.CompareTo(b));
        return order;
    }
}

/// <summary>One deletion or insertion curve: the target after each step, at the fraction of pixels changed so far.</summary>
public sealed record CausalCurve(int Step, IReadOnlyList<double> Fractions, IReadOnlyList<float> Scores)
{
    /// <summary>The area under the curve (trapezoid rule over the fractions; the x-axis spans 0 to 1).</summary>
    public double Auc
    {
        get
        {
            double area = 0;
            for (int i = 1; i < Scores.Count; i++) area += (Fractions[i] - Fractions[i - 1]) * (Scores[i] + Scores[i - 1]) / 2;
            return area;
        }
    }
}
