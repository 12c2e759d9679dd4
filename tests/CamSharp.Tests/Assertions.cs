using Xunit;

namespace CamSharp.Tests;

/// <summary>Comparisons with the fixtures' stated tolerances.</summary>
public static class Assertions
{
    /// <summary>max |ours − ref| ≤ tol × max |ref| (the fixtures' stated tolerance).</summary>
    public static void AssertRelative(ReadOnlySpan<float> ours, ReadOnlySpan<float> reference, double tol, string what)
    {
        Assert.Equal(reference.Length, ours.Length);
        double maxRef = 0, maxDiff = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            maxRef = Math.Max(maxRef, Math.Abs(reference[i]));
            double d = Math.Abs(ours[i] - reference[i]);
            if (!(d <= maxDiff)) maxDiff = double.IsNaN(d) ? double.PositiveInfinity : d;
        }
        Assert.True(maxDiff <= tol * maxRef, $"{what}: max |diff| {maxDiff:G4} > {tol:G2} × {maxRef:G4}");
    }

    /// <summary>max |a − b| (infinite when a value is NaN); the arrays must have the same length.</summary>
    public static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(b.Length, a.Length);
        double m = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = Math.Abs(a[i] - b[i]);
            if (!(d <= m)) m = double.IsNaN(d) ? double.PositiveInfinity : d;
        }
        return m;
    }
}
