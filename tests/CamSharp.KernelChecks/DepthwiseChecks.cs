using CamSharp.Tensors.Kernels;

namespace CamSharp.KernelChecks;

/// <summary>
/// The AVX2 depthwise kernels against the direct definition, called directly wherever they apply
/// (so an AVX-512 machine checks them too), and the depthwise dispatch on the same shapes: 3×3
/// pad 1 at stride 1 and 2, widths 0, 1, around one and two 8-float vectors and odd, heights
/// 1 to 112; 8-channel blocks on maps up to 16 wide, 5×5, dilation 2, no padding; bias or none,
/// every fused activation.
/// </summary>
internal static class DepthwiseChecks
{
    public static unsafe void Run(TwinReport report)
    {
        var rng = new Random(61);
        var activations = new[] { Activation.None, Activation.Relu, Activation.Clip(0, 6), Activation.Silu, Activation.Clip(-0.25f, 0.5f) };
        int i = 0;
        foreach (var g in Cases())
        {
            var activation = activations[i++ % activations.Length];
            var (x, w, bias) = TwinChecks.ConvOperands(rng, g, i);
            var expected = ScalarTwins.ConvForward(g, x, w, bias, activation);
            string what = $"{g.Batch}x{g.InChannels}x{g.InHeight}x{g.InWidth} s{g.StrideWidth} bias={bias is not null} {activation}";
            if (Depthwise3x3Rows256.Applies(g))
            {
                var y = new float[expected.Length];
                fixed (float* px = x, pw = w, pb = bias, py = y) Depthwise3x3Rows256.Forward(g, px, pw, pb, py, activation);
                report.Compare($"depthwise rows 256 {what}", y, expected);
            }
            // Empty planes only for the row kernel: the others never get them from a model.
            if (g.OutSize == 0) continue;
            if (DepthwiseBlocked256.Applies(g))
            {
                var y = new float[expected.Length];
                fixed (float* px = x, pw = w, pb = bias, py = y) DepthwiseBlocked256.Forward(g, px, pw, pb, py, activation);
                report.Compare($"depthwise blocked 256 {what} k{g.KernelHeight} d{g.DilationWidth}", y, expected);
            }
            var viaDispatch = new float[expected.Length];
            fixed (float* px = x, pw = w, pb = bias, py = viaDispatch) DepthwiseConv.Forward(g, px, pw, pb, py, activation);
            report.Compare($"depthwise dispatch {what}", viaDispatch, expected);
        }
    }

    private static IEnumerable<ConvGeometry> Cases()
    {
        foreach (int width in TwinChecks.EdgeSizes)
        {
            yield return Make(1, 3, 5, width, 1);
            yield return Make(1, 3, 6, 2 * width, 2);
            yield return Make(1, 2, 7, 2 * width + 1, 2);
        }
        yield return Make(2, 5, 7, 7, 1);  // MobileNet's 7×7, batch 2
        yield return Make(1, 4, 14, 14, 2);  // MobileNet's 14 → 7
        yield return Make(1, 3, 13, 13, 2);  // YOLOX's 13 → 7
        yield return Make(1, 2, 1, 1, 1);  // one pixel
        yield return Make(1, 2, 1, 9, 2);  // one row: both padding rows read the zero row
        yield return Make(1, 2, 56, 56, 1);  // 56: 6 whole vectors between the edges
        yield return Make(1, 2, 112, 112, 2);  // 112 → 56
        yield return Make(1, 1, 40, 208, 2);  // YOLOX's rows 208 → 104
        yield return Make(1, 2, 31, 104, 1);  // YOLOX's rows of 104 (SiLU in bands of rows)
        yield return Make(2, 3, 41, 201, 2);  // odd sizes, many vectors
        // 8 channels per vector (DepthwiseBlocked256): maps of 1 to 16 pixels wide, pixel counts off a multiple of 8, batches, other kernels.
        foreach (int size in new[] { 1, 2, 3, 7, 8, 9, 13, 14, 16 })
        {
            yield return Make(1, 8, size, size, 1);
            yield return Make(1, 16, 2 * size, 2 * size, 2);
        }
        yield return Make(2, 24, 7, 7, 1);  // MobileNet's 7×7, three blocks, batch 2
        yield return Make(1, 8, 13, 13, 2);  // YOLOX's odd 13 → 7
        yield return Make(1, 8, 5, 17, 1);  // rows too wide for it: the dispatch takes rows
        yield return General(1, 16, 13, 13, 5, 1, 2, 1);  // 5×5, the generic taps
        yield return General(1, 8, 15, 16, 3, 1, 2, 2);  // dilation 2, pad 2
        yield return General(2, 8, 9, 9, 3, 2, 0, 1);  // stride 2 without padding
    }

    /// <summary>A k×k depthwise geometry with the same stride, pad and dilation on both axes.</summary>
    private static ConvGeometry General(int batch, int c, int h, int w, int k, int stride, int pad, int dilation)
    {
        int outH = (h + 2 * pad - dilation * (k - 1) - 1) / stride + 1, outW = (w + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
        return new(batch, c, h, w, c, c, k, k, stride, stride, dilation, dilation, pad, pad, outH, outW);
    }

    /// <summary>A 3×3 depthwise geometry with one pixel of padding and the output size it implies (0 columns for 0).</summary>
    private static ConvGeometry Make(int batch, int c, int h, int w, int stride) =>
        new(batch, c, h, w, c, c, 3, 3, stride, stride, 1, 1, 1, 1, (h + 2 - 3) / stride + 1, w == 0 ? 0 : (w + 2 - 3) / stride + 1);
}
