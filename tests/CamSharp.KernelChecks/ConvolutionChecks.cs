using CamSharp.Tensors.Kernels;

namespace CamSharp.KernelChecks;

/// <summary>Convolution forward (im2col, pointwise, batched, depthwise, narrow; packed and unpacked weights; fused activations) and input gradient.</summary>
internal static class ConvolutionChecks
{
    public static void Run(TwinReport report)
    {
        var rng = new Random(23);
        var activations = new[] { Activation.None, Activation.Relu, Activation.Clip(0, 0.5f), Activation.Silu };
        int i = 0;
        foreach (var g in Geometries())
        {
            var activation = activations[i++ % activations.Length];
            var (x, w, bias) = TwinChecks.ConvOperands(rng, g, i);
            var expected = ScalarTwins.ConvForward(g, x, w, bias, activation);
            foreach (bool pack in new[] { false, true })
            {
                var packed = pack && Convolution.UsesGemm(g) ? Convolution.PackWeights(g, w) : null;
                var y = new float[expected.Length];
                Convolution.Forward(g, x, w, packed, bias, y, activation);
                report.Compare($"conv forward {Describe(g)} packed={pack} {activation}", y, expected);
            }

            var dy = TwinChecks.Random(rng, g.Batch * g.OutChannels * g.OutSize);
            var dxExpected = ScalarTwins.ConvBackwardData(g, dy, w);
            foreach (bool pack in new[] { false, true })
            {
                var packed = pack && Convolution.UsesGemm(g) ? Convolution.PackWeightsTransposed(g, w) : null;
                var dx = new float[dxExpected.Length];
                Convolution.BackwardData(g, dy, w, packed, dx);
                report.Compare($"conv input gradient {Describe(g)} packed={pack}", dx, dxExpected);
            }
        }
    }

    private static IEnumerable<ConvGeometry> Geometries()
    {
        // Kernel, stride, dilation, pad and group cases; widths cross the vector widths (15–17, 31–33).
        foreach (int width in new[] { 1, 7, 8, 9, 15, 16, 17, 33 })
        {
            yield return Make(1, 3, 5, width, 5, 1, 3, 3, 1, 1, 1);  // 3×3 same padding
            yield return Make(1, 4, 6, 2 * width, 6, 1, 3, 3, 2, 1, 1);  // stride 2 (even-lane im2col copy)
            yield return Make(1, 5, 3, width, 7, 1, 1, 1, 1, 0, 1);  // pointwise: no im2col
            yield return Make(1, 6, 9, width, 6, 6, 3, 3, 1, 1, 1);  // depthwise
            yield return Make(1, 8, 9, 2 * width, 8, 8, 3, 3, 2, 1, 1);  // depthwise stride 2
        }
        yield return Make(3, 4, 7, 7, 9, 1, 3, 3, 1, 1, 1);  // batch with small maps: one GEMM for all
        yield return Make(2, 6, 12, 13, 4, 2, 3, 3, 1, 2, 2);  // groups 2, dilation 2
        yield return Make(1, 2, 9, 11, 3, 1, 5, 5, 2, 2, 1);  // 5×5 stride 2
        yield return Make(1, 3, 1, 40, 5, 1, 1, 7, 1, 3, 1);  // 1-D (height 1)
        yield return Make(1, 33, 3, 5, 31, 1, 1, 1, 2, 0, 1);  // 1×1 stride 2: im2col, not pointwise
        yield return Make(1, 17, 6, 6, 15, 1, 3, 3, 1, 0, 1);  // no padding
        yield return Make(1, 30, 14, 14, 29, 1, 3, 3, 1, 1, 1);  // K = 270 crosses the depth block
        yield return Make(1, 2, 37, 41, 5, 1, 3, 3, 1, 1, 1);  // 1517 columns: a second column block starts mid-row
        yield return Make(3, 3, 21, 19, 4, 1, 3, 3, 1, 1, 1);  // batched, 1197 columns: blocks start mid-image
        yield return Make(2, 4, 9, 70, 4, 4, 3, 3, 2, 0, 1);  // depthwise stride 2, even (zero) pad, permuted fill
        yield return Make(1, 4, 11, 67, 4, 4, 5, 5, 2, 2, 1);  // depthwise 5×5 stride 2, pad 2
        yield return Make(1, 3, 9, 40, 3, 3, 3, 3, 1, 2, 2);  // depthwise dilation 2
        yield return Make(1, 5, 8, 23, 5, 5, 3, 3, 3, 1, 1);  // depthwise stride 3: three column phases
        yield return Make(1, 40, 7, 7, 64, 1, 3, 3, 1, 1, 1);  // a 7×7 map (shared packing across threads), K = 360
        yield return Make(1, 300, 7, 7, 64, 1, 1, 1, 1, 0, 1);  // pointwise on a 7×7 map, K = 300
        // Pointwise read from the planes (Pointwise): panels of 14 plus a remainder, masked strips, batches, several pixel blocks.
        yield return Make(3, 16, 9, 11, 29, 1, 1, 1, 1, 0, 1);  // batch 3, 99 pixels (3 strips + 3), panels 14 + 14 + 1
        yield return Make(2, 144, 30, 31, 24, 1, 1, 1, 1, 0, 1);  // 930 pixels in 448-pixel blocks, a 10-row panel
        yield return Make(1, 24, 13, 13, 256, 1, 1, 1, 1, 0, 1);  // the widest M it takes, 169 pixels (5 strips + 9)
        yield return Make(1, 64, 13, 13, 257, 1, 1, 1, 1, 0, 1);  // one past it: the GEMM again
        // Phase-plane im2col (wide columns, then compacted): uneven strides and pads, dilation with stride.
        yield return Make(1, 3, 45, 110, 16, 1, 7, 7, 2, 3, 1);  // the stem of resnet18, smaller
        yield return new ConvGeometry(1, 5, 13, 17, 7, 1, 3, 3, 2, 1, 1, 1, 1, 0, 6, 15);  // stride 2×1, pad 1×0
        yield return new ConvGeometry(1, 4, 16, 16, 6, 1, 3, 5, 2, 3, 1, 1, 2, 1, 9, 5);  // stride 2×3, pads 2 and 1, bottom pad 1
        yield return Make(1, 6, 19, 19, 5, 1, 3, 3, 2, 2, 2);  // stride 2, dilation 2
        yield return Make(1, 8, 12, 12, 10, 2, 3, 3, 2, 1, 1);  // groups 2, stride 2
        yield return Make(1, 512, 7, 7, 40, 1, 3, 3, 1, 1, 1);  // layer4: 49 columns, 63 wide, K crosses depth blocks
        yield return Make(1, 3, 190, 150, 20, 1, 3, 3, 1, 1, 1);  // wide output in 20-row chunks over threads, last one short
        // Few output channels: the direct kernel (NarrowConv), rows of 32 + 16 + a partial vector.
        yield return Make(1, 12, 40, 52, 16, 1, 3, 3, 1, 1, 1);  // YOLOX's stem, smaller
        yield return Make(2, 12, 9, 117, 16, 1, 3, 3, 1, 1, 1);  // YOLOX's stem with wide rows: 64 + 32 + 16 + a partial vector, batch 2
        yield return Make(2, 3, 30, 70, 16, 1, 3, 3, 2, 1, 1);  // yolov8n's stem: stride 2, batch 2
        yield return Make(1, 5, 20, 40, 8, 1, 5, 5, 1, 2, 2);  // 5×5, dilation 2
        yield return Make(1, 4, 10, 33, 4, 1, 3, 3, 1, 0, 1);  // no padding, 31 columns
        // Shallow dense kernels (DirectConv): 8 channels × 48 wide columns per tile, partial channel blocks, tiles across rows.
        yield return Make(1, 16, 23, 23, 24, 1, 3, 3, 1, 1, 1);  // squeezenet's expand, smaller: 3 blocks
        yield return Make(2, 3, 40, 40, 20, 1, 3, 3, 2, 0, 1);  // squeezenet's stem: stride 2, no pad, 20 = 2 blocks + 4, batch 2
        yield return Make(1, 3, 45, 50, 24, 1, 7, 7, 2, 3, 1);  // resnet18's stem, smaller
        yield return Make(1, 9, 20, 21, 17, 1, 3, 3, 1, 2, 2);  // dilation 2, one channel past a block
        yield return new ConvGeometry(1, 5, 13, 30, 32, 1, 3, 5, 2, 3, 1, 1, 2, 1, 7, 10);  // stride 2×3, pads 2 and 1
        yield return Make(1, 64, 12, 12, 32, 1, 3, 3, 1, 1, 1);  // K = 576
        yield return Make(3, 4, 190, 190, 20, 1, 3, 3, 1, 1, 1);  // images larger than a group's planes: one image per group
        yield return Make(2, 8, 190, 190, 20, 1, 3, 3, 2, 1, 1);  // planes past L2: bands of output rows, stride 2, the top pad in the first band only
        yield return Make(1, 8, 200, 180, 17, 1, 3, 3, 1, 2, 2);  // bands with dilation 2 and pad 2 (each band reads 4 rows past its own)
        // Deep strided kernels with whole 32-channel panels (ChannelLaneConv): 14-pixel tiles across row gaps, bands.
        yield return Make(1, 80, 40, 42, 64, 1, 3, 3, 2, 1, 1);  // yolov8n's 128→256 3×3/2, smaller: K = 720, 20×21 outputs
        yield return Make(1, 72, 130, 100, 32, 1, 3, 3, 2, 1, 1);  // planes past L2: bands of output rows, 65×50 outputs
        // Depthwise on small maps, 16 channels per vector (DepthwiseBlocked).
        yield return Make(2, 32, 7, 7, 32, 32, 3, 3, 1, 1, 1);  // MobileNet's 7×7, batch 2
        yield return Make(1, 16, 14, 13, 16, 16, 3, 3, 2, 1, 1);  // stride 2 to 7×7, uneven width
        yield return Make(1, 48, 13, 13, 48, 48, 5, 5, 1, 2, 1);  // 5×5, three blocks
        yield return Make(1, 16, 15, 16, 16, 16, 3, 3, 1, 2, 2);  // dilation 2, 16 columns
        // 3×3 depthwise read as flat planes (Depthwise3x3Flat) and by rows (Depthwise3x3Rows): widths below, at and past a vector, odd sizes.
        yield return Make(2, 5, 7, 7, 5, 5, 3, 3, 1, 1, 1);  // MobileNet's 7×7: one plane in 4 vectors, the last of 1 lane
        yield return Make(1, 3, 5, 1, 3, 3, 3, 3, 1, 1, 1);  // one column: no left or right neighbours
        yield return Make(1, 4, 3, 40, 4, 4, 3, 3, 1, 1, 1);  // rows wider than two vectors
        yield return Make(1, 2, 70, 100, 2, 2, 3, 3, 1, 1, 1);  // a large plane, 100-wide rows
        yield return Make(3, 6, 13, 13, 6, 6, 3, 3, 2, 1, 1);  // stride 2, odd height and width (YOLOX's 13 → 7)
        yield return Make(1, 4, 14, 15, 4, 4, 3, 3, 2, 1, 1);  // stride 2, even height, odd width
        yield return Make(2, 3, 9, 66, 3, 3, 3, 3, 2, 1, 1);  // stride 2, rows of 32 + 32 + 2 inputs
        yield return Make(1, 2, 3, 1, 2, 2, 3, 3, 2, 1, 1);  // stride 2, one column
        yield return Make(1, 2, 41, 201, 2, 2, 3, 3, 2, 1, 1);  // stride 2, odd sizes, rows of many blocks
        yield return Make(1, 3, 30, 33, 3, 3, 3, 3, 1, 1, 1);  // stride 1 by rows: two whole blocks and one column
        yield return Make(1, 3, 9, 32, 3, 3, 3, 3, 1, 1, 1);  // stride 1 by rows: exactly two blocks, the right neighbour of the last is padding
        // Phase planes of stride 2 filled by the AVX2 even/odd split (appended: earlier cases keep their activations and operands).
        yield return Make(1, 3, 35, 67, 32, 1, 3, 3, 2, 0, 1);  // SqueezeNet's stem, smaller: pad 0; M = 32 ends in a 2-row edge
        yield return Make(1, 16, 21, 49, 16, 1, 3, 3, 2, 1, 1);  // pad 1: the split shifted by one column
    }

    /// <summary>A geometry with the same stride, pad and dilation on both axes (no vertical pad for a 1-row kernel) and the output size they imply.</summary>
    private static ConvGeometry Make(int batch, int c, int h, int w, int m, int group, int kh, int kw, int stride, int pad, int dilation)
    {
        int padTop = kh == 1 ? 0 : pad;
        int outH = (h + 2 * padTop - dilation * (kh - 1) - 1) / stride + 1;
        int outW = (w + 2 * pad - dilation * (kw - 1) - 1) / stride + 1;
        return new ConvGeometry(batch, c, h, w, m, group, kh, kw, stride, stride, dilation, dilation, padTop, pad, outH, outW);
    }

    private static string Describe(ConvGeometry g) =>
        $"{g.Batch}x{g.InChannels}x{g.InHeight}x{g.InWidth} -> {g.OutChannels} k{g.KernelHeight}x{g.KernelWidth} s{g.StrideWidth} d{g.DilationWidth} p{g.PadLeft} g{g.Group}";
}
