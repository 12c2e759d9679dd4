namespace CamSharp.Explain.Metrics;

/// <summary>
/// Which pixels a ROAD step keeps, with pytorch-grad-cam's meaning of the percentile p: most
/// relevant first keeps the pixels below the map's p-th percentile (removing the top 100 − p %),
/// least relevant first does the same on 1 − map (keeping the top p %).
/// <para>The fix: pytorch-grad-cam keeps the pixels strictly below <c>np.percentile(map, p)</c>.
/// When many pixels share that value — a CAM is exactly 0 over large areas, and bilinear
/// upsampling repeats values — it keeps fewer than p %, at worst none, and then its imputation
/// system is singular and the score is NaN (e.g. every most-relevant-first percentile of a
/// box-target detector CAM that is 0 on 94 % of the image). Here exactly ⌈q (n − 1)⌉ pixels are
/// kept (q = p / 100; the position numpy's percentile interpolates at), ranked by value with
/// ties in pixel order; without ties at the threshold this is pytorch-grad-cam's set.</para>
/// </summary>
public static class RoadMask
{
    /// <summary>How many of <paramref name="pixels"/> pixels a percentile keeps.</summary>
    public static int KeptCount(int pixels, double percentile)
    {
        if (!(percentile > 0 && percentile <= 100))
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A ROAD percentile must be in (0, 100].");
        double position = percentile / 100 * (pixels - 1);
        double nearest = System.Math.Round(position);
        // numpy computes the position in double; 0.2 · 9215 lands a hair above 1843 and means 1843.
        return (int)(System.Math.Abs(position - nearest) < 1e-9 ? nearest : System.Math.Ceiling(position));
    }

    /// <summary>Pixels in the order ROAD keeps them: ascending map (most relevant first) or ascending 1 − map.</summary>
    public static int[] KeepOrder(ReadOnlySpan<float> map, bool mostRelevantFirst)
    {
        // 1 − map in float32, as pytorch-grad-cam computes it: values that round together tie.
        var key = new float[map.Length];
        for (int p = 0; p < key.Length; p++) key[p] = mostRelevantFirst ? map[p] : 1f - map[p];
        var order = Enumerable.Range(0, key.Length).ToArray();
        Array.Sort(order, (a, b) => key[a] != key[b] ? key[a].CompareTo(key[b]) : a.CompareTo(b));
        return order;
    }

    /// <summary>Per pixel: true = kept (known to the imputer), false = removed.</summary>
    public static bool[] Keep(ReadOnlySpan<float> map, double percentile, bool mostRelevantFirst) =>
        Keep(KeepOrder(map, mostRelevantFirst), percentile);

    /// <summary>The keep flags for a percentile from a precomputed <see cref="KeepOrder"/>.</summary>
    public static bool[] Keep(int[] keepOrder, double percentile)
    {
        var keep = new bool[keepOrder.Length];
        int count = KeptCount(keepOrder.Length, percentile);
        for (int i = 0; i < count; i++) keep[keepOrder[i]] = true;
        return keep;
    }
}
