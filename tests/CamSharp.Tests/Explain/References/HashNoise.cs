using CamSharp.Explain;

namespace CamSharp.Tests.Explain.References;

/// <summary>
/// The noise tools/reference_data/torchcam_reference.py gives its methods: std·(2u − 1), u from a
/// 32-bit hash of the element's index ((sample·channels + channel)·plane + pixel) and the seed.
/// </summary>
public static class HashNoise
{
    public static NoiseFill Of(double std, int seed, int channels) => (sample, channel, plane) =>
    {
        ulong first = (ulong)((sample * (long)channels + channel) * plane.Length);
        for (int p = 0; p < plane.Length; p++)
            plane[p] = (float)(std * (2 * (double)Uniform(first + (ulong)p, seed) - 1));
    };

    private static float Uniform(ulong index, int seed)
    {
        ulong h = ((index + (ulong)(seed * 7919)) * 2654435761UL) & 0xFFFFFFFF;
        h ^= h >> 16;
        h = (h * 2246822519UL) & 0xFFFFFFFF;
        h ^= h >> 13;
        return (float)(h / 4294967296.0);
    }
}
