namespace CamSharp.Explain.Metrics;

/// <summary>
/// Spearman's rank correlation as SciPy's <c>spearmanr</c> computes it: Pearson's correlation of
/// the ranks, ties given their average rank; NaN when either side is constant (an all-zero map).
/// </summary>
public static class Spearman
{
    public static double Correlation(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Spearman needs equal lengths; got {a.Length} and {b.Length}.");
        var ra = Ranks(a);
        var rb = Ranks(b);
        int n = ra.Length;
        double ma = ra.Average(), mb = rb.Average(), cov = 0, va = 0, vb = 0;
        for (int i = 0; i < n; i++)
        {
            double da = ra[i] - ma, db = rb[i] - mb;
            cov += da * db;
            va += da * da;
            vb += db * db;
        }
        return cov / System.Math.Sqrt(va * vb);
    }

    /// <summary>1-based ranks, ties averaged (<c>scipy.stats.rankdata(method='average')</c>).</summary>
    public static double[] Ranks(ReadOnlySpan<float> values)
    {
        int n = values.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && keys[j + 1] == keys[i]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }
}
