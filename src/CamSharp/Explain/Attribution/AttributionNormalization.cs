using CamSharp.Engine;

using CamSharp.Tensors;

namespace CamSharp.Explain.Attribution;

/// <summary>Which part of a signed attribution to draw (Captum's <c>sign</c>).</summary>
public enum AttributionSign
{
    /// <summary><c>absolute_value</c>, Captum's default: |a| in [0, 1].</summary>
    AbsoluteValue,
    /// <summary><c>positive</c>: max(a, 0) in [0, 1].</summary>
    Positive,
    /// <summary><c>negative</c>: the magnitude of min(a, 0) in [0, 1].</summary>
    Negative,
    /// <summary><c>all</c>: a in [−1, 1].</summary>
    All,
}

/// <summary>
/// Captum's <c>_normalize_attr</c> (visualization.py): the attribution summed over channels,
/// the chosen sign kept, and scaled by the value at which the sorted magnitudes' cumulative
/// sum reaches 100 − <c>outlierPercent</c> % of the total, then clipped to [−1, 1] — so the
/// top 2 % of the mass saturates instead of washing out the rest.
/// </summary>
public static class AttributionNormalization
{
    /// <summary>Captum's sign names: <c>absolute_value</c>, <c>positive</c>, <c>negative</c>, <c>all</c>.</summary>
    public static AttributionSign ParseSign(string name) => name.ToLowerInvariant() switch
    {
        "absolute_value" or "absolute" => AttributionSign.AbsoluteValue,
        "positive" => AttributionSign.Positive,
        "negative" => AttributionSign.Negative,
        "all" => AttributionSign.All,
        _ => throw new InputException($"Unknown attribution sign '{name}'. Valid signs: absolute_value, positive, negative, all."),
    };

    /// <summary>
    /// The H×W map of image <paramref name="b"/> of an N×C×H×W attribution, in [0, 1] (or
    /// [−1, 1] for <see cref="AttributionSign.All"/>). An attribution with nothing of the chosen
    /// sign gives zeros (Captum stops on its division by zero).
    /// </summary>
    public static float[] Normalize(Tensor attribution, int b, AttributionSign sign = AttributionSign.AbsoluteValue, double outlierPercent = 2)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        if (attribution.Rank != 4) throw new InputException($"Attributions to draw must be N×C×H×W; got [{ShapeUtil.Format(attribution.Shape)}].");
        if (outlierPercent is < 0 or > 100) throw new InputException($"The outlier percentage must be in [0, 100]; got {outlierPercent}.");
        int c = attribution.Shape[1], plane = attribution.Shape[2] * attribution.Shape[3];
        var a = attribution.Floats.Slice(b * c * plane, c * plane);
        var combined = new float[plane];
        for (int ch = 0; ch < c; ch++)
            System.Numerics.Tensors.TensorPrimitives.Add(combined, a.Slice(ch * plane, plane), combined);
        for (int i = 0; i < plane; i++)
        {
            float v = combined[i];
            combined[i] = sign switch
            {
                AttributionSign.Positive => v > 0 ? v : 0,
                AttributionSign.Negative => v < 0 ? -v : 0,
                AttributionSign.AbsoluteValue => System.Math.Abs(v),
                _ => v,
            };
        }
        float threshold = CumulativeSumThreshold(combined, 100 - outlierPercent, absolute: sign == AttributionSign.All);
        if (threshold == 0) return new float[plane];
        float lo = sign == AttributionSign.All ? -1 : 0;
        for (int i = 0; i < plane; i++) combined[i] = System.Math.Clamp(combined[i] / threshold, lo, 1);
        return combined;
    }

    /// <summary>
    /// Captum's <c>_cumulative_sum_threshold</c>: the smallest sorted magnitude whose running
    /// sum (float32, in order, as numpy's cumsum) reaches <paramref name="percentile"/> % of the total.
    /// </summary>
    internal static float CumulativeSumThreshold(ReadOnlySpan<float> values, double percentile, bool absolute)
    {
        var sorted = new float[values.Length];
        for (int i = 0; i < sorted.Length; i++) sorted[i] = absolute ? System.Math.Abs(values[i]) : values[i];
        Array.Sort(sorted);
        var cum = new float[sorted.Length];
        float run = 0;
        for (int i = 0; i < sorted.Length; i++) cum[i] = run += sorted[i];
        if (cum.Length == 0) return 0;
        double limit = cum[^1] * 0.01 * percentile;
        for (int i = 0; i < cum.Length; i++)
            if (cum[i] >= limit) return sorted[i];
        return sorted[^1];
    }
}
