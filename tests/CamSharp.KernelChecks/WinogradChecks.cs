using CamSharp.Tensors.Kernels;

namespace CamSharp.KernelChecks;

/// <summary>
/// Winograd F(2×2, 3×3) convolution and the input gradient it computes (as the convolution of
/// <see cref="WinogradConv.BackwardGeometry"/>) against the direct definitions: odd and even
/// sizes across the vector width, pads 0–2, a cut last tile row (uneven pads), batches split
/// into chunks mid-image, channel counts off the micro-kernel's tile.
/// </summary>
internal static class WinogradChecks
{
    public static void Run(TwinReport report)
    {
        var rng = new Random(31);
        // ReLU6, not a clip far inside the pre-activation range: the tolerance is relative to the
        // largest output, and a clip at 0.5 on sums of 360 products would measure the clip, not the kernel.
        var activations = new[] { Activation.None, Activation.Relu, Activation.Clip(0, 6), Activation.Silu };
        int i = 0;
        foreach (var (g, chunk) in Cases())
        {
            var activation = activations[i++ % activations.Length];
            var (x, w, bias) = TwinChecks.ConvOperands(rng, g, i);
            var y = new float[g.Batch * g.OutChannels * g.OutSize];
            WinogradConv.Run(g, x, WinogradConv.TransformWeights(g.OutChannels, g.InChannels, w), bias, y, activation, chunk);
            report.Compare($"winograd forward {Describe(g)} chunk={chunk} {activation}", y, ScalarTwins.ConvForward(g, x, w, bias, activation));

            var dy = TwinChecks.Random(rng, y.Length);
            var dx = new float[x.Length];
            var back = WinogradConv.BackwardGeometry(g);
            WinogradConv.Run(back, dy, WinogradConv.TransformWeightsForBackward(g.OutChannels, g.InChannels, w), default, dx, Activation.None, chunk);
            report.Compare($"winograd input gradient {Describe(g)} chunk={chunk}", dx, ScalarTwins.ConvBackwardData(g, dy, w));
        }
    }

    private static IEnumerable<(ConvGeometry, long)> Cases()
    {
        const long Whole = 1L << 22;
        foreach (int width in new[] { 1, 2, 3, 7, 8, 9, 15, 16, 17, 18, 33 })
        {
            yield return (Make(1, 3, 5, width, 5, pad: 1), Whole);
            yield return (Make(1, 4, 4, width + 2, 6, pad: 0), Whole);
            yield return (Make(1, 5, 6, width, 4, pad: 2), Whole);
        }
        yield return (Make(1, 17, 14, 14, 31, pad: 1), Whole);  // channels off the 14-row tile
        yield return (Make(1, 40, 7, 7, 64, pad: 1), Whole);  // a late-stage 7×7 map: odd, the last tiles cut
        yield return (Make(3, 6, 9, 11, 5, pad: 1), Whole);  // batched in one chunk
        yield return (Make(3, 6, 9, 11, 5, pad: 1), 16 * 11 * 6);  // one tile row per chunk, chunks cross images
        yield return (Make(2, 7, 13, 10, 9, pad: 1), 16 * 16 * 5 * 3);  // three tile rows per chunk
        // Uneven pads (top/left 1, bottom/right 0): one output row and column fewer.
        yield return (new ConvGeometry(2, 5, 10, 9, 6, 1, 3, 3, 1, 1, 1, 1, 1, 1, 9, 8), Whole);
    }

    private static ConvGeometry Make(int batch, int c, int h, int w, int m, int pad) =>
        new(batch, c, h, w, m, 1, 3, 3, 1, 1, 1, 1, pad, pad, h + 2 * pad - 2, w + 2 * pad - 2);

    private static string Describe(ConvGeometry g) =>
        $"{g.Batch}x{g.InChannels}x{g.InHeight}x{g.InWidth} -> {g.OutChannels}x{g.OutHeight}x{g.OutWidth} p{g.PadTop},{g.PadLeft}";
}
