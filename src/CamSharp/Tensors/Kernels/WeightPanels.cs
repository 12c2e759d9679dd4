namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The packing that <see cref="DirectConvWeights"/> and <see cref="ChannelPanelWeights"/> share: M × K
/// weights reordered as [panel of <c>width</c> output channels][k][width], so one step of a kernel
/// broadcasts a panel's weights from adjacent floats; channels past M stay zero.
/// </summary>
internal static class WeightPanels
{
    /// <summary>Floats the packed weights take: whole panels over the full depth.</summary>
    public static int Length(int outChannels, int depth, int width) => (outChannels + width - 1) / width * width * depth;

    /// <summary>Writes <paramref name="w"/> (M × K, row-major) into <paramref name="panels"/>, which must be zero.</summary>
    public static void Pack(int outChannels, int depth, ReadOnlySpan<float> w, int width, Span<float> panels)
    {
        if (w.Length < (long)outChannels * depth) throw new ArgumentException($"Weights have {w.Length} values, expected {outChannels}×{depth}.");
        for (int o = 0; o < outChannels; o++)
        {
            var row = w.Slice(o * depth, depth);
            int start = o / width * width * depth + o % width;
            for (int k = 0; k < depth; k++) panels[start + k * width] = row[k];
        }
    }
}
