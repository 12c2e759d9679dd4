using CamSharp.Imaging;
using CamSharp.Tensors;

namespace CamSharp.Features;

/// <summary>
/// The channel reductions of MMEngine's <c>draw_featmap</c> on one C×H×W feature map:
/// <c>torch.mean(feat, 0)</c>, the spatial sums <c>torch.sum(feat, (1, 2))</c> and their top-k.
/// Sums accumulate in double so the ranking does not depend on summation order.
/// </summary>
public static class FeatureReductions
{
    /// <summary>Image <paramref name="batchIndex"/> of an N×C×H×W tensor, or a C×H×W tensor, as (data, C, H, W).</summary>
    public static (float[] Data, int Channels, int Height, int Width) Image(Tensor featureMap, int batchIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(featureMap);
        var s = featureMap.Shape;
        if (featureMap.Type != DataType.Float32 || s.Length is not (3 or 4))
            throw new ArgumentException($"A feature map must be float32 C×H×W or N×C×H×W, got {featureMap.Type} [{ShapeUtil.Format(s)}].", nameof(featureMap));
        int c = s[^3], h = s[^2], w = s[^1];
        int n = s.Length == 4 ? s[0] : 1;
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(batchIndex, n);
        int size = c * h * w;
        return (featureMap.Floats.Slice(batchIndex * size, size).ToArray(), c, h, w);
    }

    /// <summary>The mean over channels, H×W.</summary>
    public static FloatMap SqueezeMean(ReadOnlySpan<float> chw, int channels, int height, int width)
    {
        int hw = Check(chw, channels, height, width);
        var sum = new double[hw];
        for (int c = 0; c < channels; c++)
        {
            var plane = chw.Slice(c * hw, hw);
            for (int i = 0; i < hw; i++) sum[i] += plane[i];
        }
        var data = new float[hw];
        for (int i = 0; i < hw; i++) data[i] = (float)(sum[i] / channels);
        return new FloatMap(width, height, data);
    }

    /// <summary>Each channel's signed spatial sum.</summary>
    public static double[] ChannelSums(ReadOnlySpan<float> chw, int channels, int height, int width)
    {
        int hw = Check(chw, channels, height, width);
        var sums = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            double s = 0;
            foreach (float v in chw.Slice(c * hw, hw)) s += v;
            sums[c] = s;
        }
        return sums;
    }

    /// <summary>
    /// The <paramref name="k"/> channels with the largest spatial sums, largest first (ties: lower
    /// index first); k is capped at C as MMEngine does.
    /// </summary>
    public static int[] TopChannels(ReadOnlySpan<float> chw, int channels, int height, int width, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var sums = ChannelSums(chw, channels, height, width);
        return Enumerable.Range(0, channels)
            .OrderByDescending(c => sums[c]).ThenBy(c => c)
            .Take(Math.Min(k, channels)).ToArray();
    }

    /// <summary>The channel with the largest spatial sum.</summary>
    public static int SelectMaxChannel(ReadOnlySpan<float> chw, int channels, int height, int width) =>
        TopChannels(chw, channels, height, width, 1)[0];

    /// <summary>One channel as an H×W map (a copy).</summary>
    public static FloatMap Channel(ReadOnlySpan<float> chw, int channels, int height, int width, int channel)
    {
        int hw = Check(chw, channels, height, width);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, channels);
        return new FloatMap(width, height, chw.Slice(channel * hw, hw).ToArray());
    }

    private static int Check(ReadOnlySpan<float> chw, int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (chw.Length != (long)channels * height * width)
            throw new ArgumentException($"{chw.Length} values do not make a {channels}x{height}x{width} feature map.", nameof(chw));
        return height * width;
    }
}
