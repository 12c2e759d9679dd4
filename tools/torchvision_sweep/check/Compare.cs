using CamSharp.Tensors;

namespace CamSharp.TorchvisionSweep;

/// <summary>The sweep's comparison: max |ours − torch| / max |torch| (relative) or max |ours − torch| (maps in [0, 1]).</summary>
internal static class Compare
{
    public static double Relative(ReadOnlySpan<float> ours, ReadOnlySpan<float> reference) =>
        MaxDiff(ours, reference) / Math.Max(MaxAbs(reference), 1e-30);

    public static double MaxDiff(ReadOnlySpan<float> ours, ReadOnlySpan<float> reference)
    {
        if (ours.Length != reference.Length) return double.PositiveInfinity;
        double m = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            double d = Math.Abs((double)ours[i] - reference[i]);
            if (double.IsNaN(d)) return double.NaN;
            m = Math.Max(m, d);
        }
        return m;
    }

    public static double MaxAbs(ReadOnlySpan<float> v)
    {
        double m = 0;
        foreach (float x in v) m = Math.Max(m, Math.Abs(x));
        return m;
    }

    /// <summary>Floats of any numeric tensor (detector labels are int64).</summary>
    public static float[] Floats(Tensor t) => t.Type == DataType.Float32 ? t.Floats.ToArray() : Enumerable.Range(0, t.Length).Select(i => (float)t.GetDouble(i)).ToArray();

    public static string Shape(int[] s) => "[" + string.Join(",", s) + "]";
}
