using System.Numerics;

namespace CamSharp.Ops;

/// <summary>
/// The error function in float, for Erf and Gelu (ViT exports spell GELU as Erf below
/// opset 20, so this runs on every MLP activation). Two pieces, each accurate to about
/// 2e-7 absolute:
/// <list type="bullet">
/// <item>|x| &lt; 0.5: the Maclaurin series 2/√π · Σ (−1)ⁿ x²ⁿ⁺¹ / (n!(2n+1)) to n = 6, which keeps relative accuracy near 0;</item>
/// <item>otherwise Abramowitz &amp; Stegun 7.1.26: 1 − (a₁t + … + a₅t⁵)·e^(−x²), t = 1/(1 + p|x|), odd-extended.</item>
/// </list>
/// </summary>
public static class ErfMath
{
    private const float TwoOverSqrtPi = 1.1283791670955126f;
    private const float Split = 0.5f;

    // Maclaurin coefficients of erf(x)·√π/(2x) in z = x²: (−1)ⁿ / (n!(2n+1)).
    private const float C1 = -1f / 3, C2 = 1f / 10, C3 = -1f / 42, C4 = 1f / 216, C5 = -1f / 1320, C6 = 1f / 9360;

    // Abramowitz & Stegun 7.1.26.
    private const float P = 0.3275911f;
    private const float A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;

    /// <summary>y = erf(x) elementwise; <paramref name="y"/> may alias <paramref name="x"/>.</summary>
    public static void Erf(ReadOnlySpan<float> x, Span<float> y)
    {
        int n = y.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
            for (int w = Vector<float>.Count; i <= n - w; i += w)
                Erf(new Vector<float>(x[i..])).CopyTo(y[i..]);
        for (; i < n; i++) y[i] = Erf(x[i]);
    }

    /// <summary>erf(x) for one value (the scalar twin of the vector path).</summary>
    public static float Erf(float x)
    {
        float a = MathF.Abs(x);
        if (a < Split)
        {
            float z = x * x;
            float s = ((((((C6 * z + C5) * z + C4) * z + C3) * z + C2) * z + C1) * z + 1f);
            return TwoOverSqrtPi * x * s;
        }
        float t = 1f / (1f + P * a);
        float poly = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t;
        float r = 1f - poly * MathF.Exp(-a * a);
        return float.IsNaN(x) ? x : MathF.CopySign(r, x);
    }

    private static Vector<float> Erf(Vector<float> x)
    {
        var a = Vector.Abs(x);
        var z = x * x;
        var s = ((((((new Vector<float>(C6) * z + new Vector<float>(C5)) * z + new Vector<float>(C4)) * z + new Vector<float>(C3)) * z
            + new Vector<float>(C2)) * z + new Vector<float>(C1)) * z + Vector<float>.One);
        var small = new Vector<float>(TwoOverSqrtPi) * x * s;

        var t = Vector<float>.One / (Vector<float>.One + new Vector<float>(P) * a);
        var poly = ((((new Vector<float>(A5) * t + new Vector<float>(A4)) * t + new Vector<float>(A3)) * t + new Vector<float>(A2)) * t
            + new Vector<float>(A1)) * t;
        var large = Vector<float>.One - poly * Vector.Exp(-z);
        // Copy the sign of x onto the (non-negative) large-|x| branch.
        var signed = Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -large, large);

        var result = Vector.ConditionalSelect(Vector.LessThan(a, new Vector<float>(Split)), small, signed);
        return Vector.ConditionalSelect(Vector.Equals(x, x), result, x); // NaN stays NaN
    }
}
