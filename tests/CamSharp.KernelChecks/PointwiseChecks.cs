using CamSharp.Tensors.Kernels;

namespace CamSharp.KernelChecks;

/// <summary>
/// The pointwise kernel this machine runs (<see cref="PointwiseKernel512"/> or <see cref="PointwiseKernel256"/>), called
/// directly whatever shapes <see cref="Pointwise.Applies"/> gives it: every row count of a channel panel (1 to 6 and
/// 1 to 14), maps whose last strip is 1, 7, 8, 9, 15, 16 or 17 pixels wide, deep K, batches and pixel blocks split
/// across threads, bias or none, every fused activation; and the strided SiLU pass it runs over a stored tile.
/// </summary>
internal static class PointwiseChecks
{
    public static unsafe void Run(TwinReport report)
    {
        if (!Pointwise.Handles(Make(1, 1, 1, 1, 1))) return;
        var rng = new Random(59);
        var activations = new[] { Activation.None, Activation.Relu, Activation.Clip(-0.1f, 0.4f), Activation.Silu };
        int i = 0;
        foreach (var g in Cases())
            foreach (var activation in activations)
            {
                var (x, w, bias) = TwinChecks.ConvOperands(rng, g, i++);
                var weights = new ChannelPanelWeights(g.OutChannels, g.Depth, w, Pointwise.PanelWidth);
                var y = new float[g.Batch * g.OutChannels * g.OutSize];
                fixed (float* px = x, pb = bias, py = y) Pointwise.Forward(g, px, weights, bias is null ? null : pb, py, activation);
                report.Compare($"pointwise {g.Batch}x{g.InChannels}x{g.InHeight}x{g.InWidth} -> {g.OutChannels} bias={bias is not null} {activation}",
                    y, ScalarTwins.ConvForward(g, x, w, bias, activation));
            }
        if (Logistic.Step256Supported) SiluRows(report, rng);
    }

    private static IEnumerable<ConvGeometry> Cases()
    {
        // Last strips of every width around the 8- and 16-lane vectors; M from 1 to 15 covers every partial panel of 6 and of 14.
        foreach (int pixels in new[] { 1, 7, 8, 9, 15, 16, 17, 31, 33 })
            yield return Make(1, 5, 1, pixels, 1 + pixels % 15);
        foreach (int m in Enumerable.Range(1, 15)) yield return Make(1, 7, 3, 9, m);
        yield return Make(2, 300, 5, 5, 13);  // deep K, batch 2, 25 pixels: a 9-wide masked strip
        yield return Make(2, 64, 40, 41, 40);  // several pixel blocks per image, items over threads, a 4-row panel
        yield return Make(1, 96, 14, 14, 576);  // MobileNet's 14×14 expand
        yield return Make(1, 32, 52, 52, 32);  // YOLOX's 1×1 on 52×52 (SiLU in the model)
    }

    /// <summary>Logistic.SiluRows256 over a tile of 6 rows, 49 floats apart, every width to 17: the lanes past the width untouched.</summary>
    private static unsafe void SiluRows(TwinReport report, Random rng)
    {
        foreach (int width in TwinChecks.EdgeSizes.Where(n => n <= 17))
        {
            const int rows = 6, stride = 49;
            var tile = TwinChecks.Random(rng, rows * stride);
            for (int i = 0; i < tile.Length; i++) tile[i] *= 12;
            var expected = tile.Select((v, i) => i % stride < width ? ScalarTwins.Activate(Activation.Silu, v) : v).ToArray();
            fixed (float* p = tile) Logistic.SiluRows256(p, stride, rows, width);
            report.Compare($"silu rows 256 width={width}", tile, expected);
        }
    }

    private static ConvGeometry Make(int batch, int c, int h, int w, int m) => new(batch, c, h, w, m, 1, 1, 1, 1, 1, 1, 1, 0, 0, h, w);
}
