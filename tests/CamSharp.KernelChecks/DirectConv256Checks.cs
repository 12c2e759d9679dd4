using CamSharp.Tensors.Kernels;

namespace CamSharp.KernelChecks;

/// <summary>
/// The AVX2 direct convolution (four channels × 24 wide columns per tile) against the direct
/// definition, called directly whatever shapes it is chosen for, where the process runs it at all
/// (AVX2 without AVX-512): output widths around the vector (1, 7, 8, 9) and the tile (23, 24, 25),
/// tiles across row gaps, output channels off the four- and eight-channel blocks, strides 1 and 2,
/// 5×5 and 7×7, dilation, uneven pads, batches, bands of rows, bias or none, every fused activation.
/// </summary>
internal static class DirectConv256Checks
{
    public static unsafe void Run(TwinReport report)
    {
        if (!DirectConv256.IsSupported) return;
        var rng = new Random(53);
        // Clips wide enough for the tolerance (relative to the largest output) to measure the sums, not the clip: K = 576 sums reach ±8.
        var activations = new[] { Activation.None, Activation.Relu, Activation.Clip(0, 6), Activation.Silu, Activation.Clip(-2, 3) };
        int i = 0;
        foreach (var g in Cases())
        {
            var activation = activations[i++ % activations.Length];
            var (x, w, bias) = TwinChecks.ConvOperands(rng, g, i);
            var weights = new DirectConvWeights(g.OutChannels, g.Depth, w);
            // One float past the output: no tile may write beyond the last plane.
            var y = new float[g.Batch * g.OutChannels * g.OutSize + 1];
            y[^1] = 7f;
            fixed (float* px = x, pb = bias, py = y) DirectConv256.Forward(g, px, weights, bias is null ? null : pb, py, activation);
            var expected = ScalarTwins.ConvForward(g, x, w, bias, activation);
            report.Compare($"direct conv 256 {Describe(g)} bias={bias is not null} {activation}", y.AsSpan(0, expected.Length), expected);
            if (y[^1] != 7f) report.Compare($"direct conv 256 {Describe(g)} wrote past its output", [y[^1]], [7.0]);
        }
    }

    private static IEnumerable<ConvGeometry> Cases()
    {
        foreach (int width in new[] { 1, 2, 7, 8, 9, 23, 24, 25, 33 })
        {
            yield return Make(1, 3, 6, width, 8, 3, 1, 1, 1);  // 3×3 same padding, one block of eight
            yield return Make(1, 2, 5, 2 * width, 5, 3, 2, 1, 1);  // stride 2, one channel past a tile
        }
        foreach (int m in new[] { 4, 6, 7, 9, 12, 16, 17 })
            yield return Make(1, 4, 9, 13, m, 3, 1, 1, 1);  // channels in tiles of four and blocks of eight
        yield return Make(1, 3, 45, 50, 24, 7, 2, 3, 1);  // resnet18's stem, smaller
        yield return Make(2, 3, 40, 40, 20, 3, 2, 0, 1);  // squeezenet's stem: no pad, batch 2
        yield return Make(1, 12, 40, 52, 16, 3, 1, 1, 1);  // YOLOX's stem, smaller
        yield return Make(1, 16, 23, 23, 24, 3, 1, 1, 1);  // squeezenet's expand, smaller: K = 144
        yield return Make(1, 9, 20, 21, 17, 3, 1, 2, 2);  // dilation 2
        yield return Make(1, 5, 20, 40, 8, 5, 1, 2, 2);  // 5×5, dilation 2
        yield return Make(1, 4, 10, 33, 4, 3, 1, 0, 1);  // no padding, 31 columns
        yield return Make(1, 64, 12, 12, 32, 3, 1, 1, 1);  // K = 576
        yield return new ConvGeometry(1, 5, 13, 30, 32, 1, 3, 5, 2, 3, 1, 1, 2, 1, 7, 10);  // stride 2×3, pads 2 and 1
        yield return new ConvGeometry(1, 4, 16, 16, 6, 1, 3, 5, 2, 3, 1, 1, 2, 1, 9, 5);  // stride 2×3, bottom pad 1, 5 columns
        yield return Make(3, 4, 190, 190, 20, 3, 1, 1, 1);  // images larger than a group's planes: one image per group
        yield return Make(2, 8, 190, 190, 12, 3, 2, 1, 1);  // planes past L2: bands of output rows, stride 2
        yield return Make(1, 8, 200, 180, 9, 3, 1, 2, 2);  // bands with dilation 2 and pad 2
        yield return Make(4, 3, 17, 19, 8, 3, 2, 1, 1);  // a group of small images: tiles of one image at a time
    }

    private static ConvGeometry Make(int batch, int c, int h, int w, int m, int k, int stride, int pad, int dilation)
    {
        int outH = (h + 2 * pad - dilation * (k - 1) - 1) / stride + 1, outW = (w + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
        return new ConvGeometry(batch, c, h, w, m, 1, k, k, stride, stride, dilation, dilation, pad, pad, outH, outW);
    }

    private static string Describe(ConvGeometry g) =>
        $"{g.Batch}x{g.InChannels}x{g.InHeight}x{g.InWidth} -> {g.OutChannels}x{g.OutHeight}x{g.OutWidth} k{g.KernelHeight}x{g.KernelWidth} s{g.StrideHeight},{g.StrideWidth} d{g.DilationWidth} p{g.PadTop},{g.PadLeft}";
}
