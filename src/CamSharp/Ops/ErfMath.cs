using System.Numerics;

namespace CamSharp.Ops;

/// <summary>
/// The error function in float, for Erf and Gelu (ViT exports spell GELU as Erf below
/// opset 20, so this runs on every MLP activation). Two pieces, together within about
/// 1.2e-7 (two float ulps) of the true value:
/// <list type="bullet">
/// <item>|x| &lt; 0.75: the Maclaurin series 2/√π · Σ (−1)ⁿ x²ⁿ⁺¹ / (n!(2n+1)) to n = 9, which keeps relative accuracy near 0;</item>
/// <item>otherwise 1 − e^(−x²)·R(t) with t = 1/(1 + |x|/2), odd-extended, where R ≈ erfc(x)·e^(x²) is a
/// degree-6 polynomial fitted (weighted least squares, Chebyshev nodes on [0.75, 4]) for this engine;
/// past 4, erf rounds to ±1 in float.</item>
/// </list>
/// </summary>
internal static class ErfMath
{
    private const float TwoOverSqrtPi = 1.1283791670955126f;
    private const float Split = 0.75f;

    // Maclaurin coefficients of erf(x)·√π/(2x) in z = x²: (−1)ⁿ / (n!(2n+1)), n = 1..9.
    private const float C1 = -1f / 3, C2 = 1f / 10, C3 = -1f / 42, C4 = 1f / 216, C5 = -1f / 1320;
    private const float C6 = 1f / 9360, C7 = -1f / 75600, C8 = 1f / 685440, C9 = -1f / 6894720;

    // R(t) = R0 + R1·t + … + R6·t⁶.
    private const float R0 = 0.0032251884f, R1 = 0.24506949f, R2 = 0.46015409f, R3 = -0.21023507f;
    private const float R4 = 0.82470691f, R5 = -0.35971758f, R6 = 0.036709987f;

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
            float s = ((((((((C9 * z + C8) * z + C7) * z + C6) * z + C5) * z + C4) * z + C3) * z + C2) * z + C1) * z + 1f;
            return TwoOverSqrtPi * x * s;
        }
        float t = 1f / (1f + 0.5f * a);
        float r = (((((R6 * t + R5) * t + R4) * t + R3) * t + R2) * t + R1) * t + R0;
        float e = 1f - r * MathF.Exp(-a * a);
        return float.IsNaN(x) ? x : MathF.CopySign(e, x);
    }

    private static Vector<float> Erf(Vector<float> x)
    {
        var a = Vector.Abs(x);
        var z = x * x;
        var s = C(C9) * z + C(C8);
        s = s * z + C(C7);
        s = s * z + C(C6);
        s = s * z + C(C5);
        s = s * z + C(C4);
        s = s * z + C(C3);
        s = s * z + C(C2);
        s = s * z + C(C1);
        s = s * z + Vector<float>.One;
        var small = C(TwoOverSqrtPi) * x * s;

        var t = Vector<float>.One / (Vector<float>.One + C(0.5f) * a);
        var r = C(R6) * t + C(R5);
        r = r * t + C(R4);
        r = r * t + C(R3);
        r = r * t + C(R2);
        r = r * t + C(R1);
        r = r * t + C(R0);
        var large = Vector<float>.One - r * Vector.Exp(-z);
        var signed = Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -large, large);

        var result = Vector.ConditionalSelect(Vector.LessThan(a, C(Split)), small, signed);
        return Vector.ConditionalSelect(Vector.Equals(x, x), result, x); // NaN stays NaN
    }

    private static Vector<float> C(float v) => new(v);
}
