namespace CamSharp.Tests.Ops;

/// <summary>The inputs the activation tests share (expectations computed with NumPy in float64).</summary>
internal static class ActivationTestData
{
    /// <summary>Negative, fractional, zero and positive values.</summary>
    public static readonly float[] Mixed = [-2f, -0.5f, 0f, 0.7f, 3f];

    /// <summary>Inside (−1, 1), for the inverse trigonometric and hyperbolic functions.</summary>
    public static readonly float[] Unit = [-0.9f, -0.3f, 0f, 0.4f, 0.8f];
}
