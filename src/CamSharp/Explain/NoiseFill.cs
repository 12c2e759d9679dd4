namespace CamSharp.Explain;

/// <summary>
/// Fills <paramref name="plane"/> with the noise of one sample and channel (an H×W plane of
/// the input size) for the methods that average over noisy copies (SS-CAM, SmoothGrad-CAM++).
/// A caller may give its own, e.g. to reproduce another implementation's draws.
/// </summary>
public delegate void NoiseFill(int sample, int channel, Span<float> plane);

/// <summary>Seeded Gaussian noise: the same seed, sample and channel always give the same plane.</summary>
public static class GaussianNoise
{
    public static NoiseFill Seeded(int seed, double std) => (sample, channel, plane) =>
    {
        // One generator per plane, so the noise does not depend on the order planes are asked for.
        var random = new Random(unchecked(seed * 486187739 + sample * 16777619 + channel * 2654435 + 1));
        for (int i = 0; i < plane.Length; i += 2)
        {
            // Box–Muller: two independent normals from two uniforms.
            double radius = std * System.Math.Sqrt(-2 * System.Math.Log(1 - random.NextDouble()));
            double angle = 2 * System.Math.PI * random.NextDouble();
            plane[i] = (float)(radius * System.Math.Cos(angle));
            if (i + 1 < plane.Length) plane[i + 1] = (float)(radius * System.Math.Sin(angle));
        }
    };
}
