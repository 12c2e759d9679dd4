using CamSharp.Tensors.Kernels;

namespace CamSharp.KernelChecks;

/// <summary>
/// The small-map convolution (transposed GEMM: pixels as rows, output channels as vector
/// columns) against the direct definition, called directly whatever shapes it is chosen for:
/// odd and even maps around the micro-kernel's row panel, stride 1 and 2, output channels off
/// the column panel, depth across the GEMM's K blocks, bias or none, every fused activation.
/// </summary>
internal static class SmallMapConvChecks
{
    public static unsafe void Run(TwinReport report)
    {
        var rng = new Random(47);
        var activations = new[] { Activation.None, Activation.Relu, Activation.Clip(0, 6), Activation.Silu };
        int i = 0;
        foreach (var g in Cases())
        {
            var activation = activations[i++ % activations.Length];
            var (x, w, bias) = TwinChecks.ConvOperands(rng, g, i);
            var weights = new SmallMapWeights(g.OutChannels, g.Depth, w);
            var y = new float[g.Batch * g.OutChannels * g.OutSize];
            fixed (float* px = x, pb = bias, py = y) SmallMapConv.Forward(g, px, weights, bias is null ? null : pb, py, activation);
            report.Compare($"small-map conv {Describe(g)} bias={bias is not null} {activation}", y, ScalarTwins.ConvForward(g, x, w, bias, activation));
        }
    }

    private static IEnumerable<ConvGeometry> Cases()
    {
        // 3×3 pad 1, stride 1 and 2, maps from 1×1 to 15×15 (row panels of 14, 6 or 4 and their edges).
        foreach (int size in new[] { 1, 2, 4, 7, 8, 13, 14, 15 })
        {
            yield return Make(1, 8, size, size, 33, 3, 1, 1, 1);
            yield return Make(1, 9, 2 * size, 2 * size + 1, 32, 3, 2, 1, 1);
        }
        yield return Make(1, 40, 7, 7, 64, 3, 1, 1, 1);  // layer4's 7×7, K = 360 crosses a depth block
        yield return Make(1, 30, 14, 14, 65, 3, 1, 1, 1);  // 196 pixels = 14 panels, one channel past two column panels
        yield return Make(1, 64, 14, 14, 96, 3, 2, 1, 1);  // layer4's stride-2 conv, smaller: 14×14 → 7×7, K = 576
        yield return Make(1, 32, 28, 27, 40, 3, 2, 1, 1);  // layer3's stride-2 conv, smaller, odd width
        yield return Make(2, 12, 9, 9, 20, 3, 1, 1, 1);  // two images, fewer channels than a panel
        yield return Make(1, 10, 11, 12, 17, 3, 1, 2, 2);  // dilation 2, pad 2
        yield return Make(1, 6, 10, 9, 18, 5, 2, 2, 1);  // 5×5 stride 2
        yield return Make(1, 33, 9, 9, 31, 1, 2, 0, 1);  // 1×1 stride 2
        yield return new ConvGeometry(1, 7, 10, 9, 34, 1, 3, 3, 1, 1, 1, 1, 1, 1, 9, 8);  // uneven pads: one row and column fewer
        yield return new ConvGeometry(1, 5, 13, 17, 36, 1, 3, 3, 2, 1, 1, 1, 1, 0, 6, 15);  // stride 2×1 with pad 1×0
    }

    private static ConvGeometry Make(int batch, int c, int h, int w, int m, int k, int stride, int pad, int dilation)
    {
        int outH = (h + 2 * pad - dilation * (k - 1) - 1) / stride + 1, outW = (w + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
        return new ConvGeometry(batch, c, h, w, m, 1, k, k, stride, stride, dilation, dilation, pad, pad, outH, outW);
    }

    private static string Describe(ConvGeometry g) =>
        $"{g.Batch}x{g.InChannels}x{g.InHeight}x{g.InWidth} -> {g.OutChannels}x{g.OutHeight}x{g.OutWidth} k{g.KernelHeight}x{g.KernelWidth} s{g.StrideHeight},{g.StrideWidth} d{g.DilationWidth} p{g.PadTop},{g.PadLeft}";
}
