using System.Buffers;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// <see cref="DirectConv"/> for machines without AVX-512 (AVX2 + FMA): dense kernels with
/// few taps' worth of depth (stems with 3 or 12 input channels, stride-2 3×3s, squeezenet's
/// expands), whose im2col copy costs as much as the GEMM's multiply-adds. Each input plane is
/// copied once into <see cref="PhaseLayout"/>; read as one long row, every tap of every output
/// row is a contiguous run, so <see cref="DirectConvTile256"/> computes four channels × 24 wide
/// columns in registers and <see cref="DirectConvStore256"/> stores the columns that are output
/// pixels. The weights are <see cref="DirectConvWeights"/> (blocks of eight channels), a tile
/// reading half a block, so the operator's ordered weights serve both kernels.
/// </summary>
internal static unsafe class DirectConv256
{
    private const int Channels = DirectConvTile256.Channels, Width = DirectConvTile256.Width, Block = DirectConvTile.Channels;

    /// <summary>
    /// What the kernel computes at all: an ungrouped 2-D kernel with more than one tap, at least
    /// four output channels, on AVX2 with FMA where the AVX-512 kernels are off.
    /// </summary>
    public static bool Handles(ConvGeometry g) =>
        IsSupported && g.Group == 1 && g.KernelHeight * g.KernelWidth > 1 && g.OutChannels >= Channels;

    /// <summary>AVX2 and FMA, and not the machine <see cref="DirectConv"/> and <see cref="NarrowConv"/> run on.</summary>
    public static bool IsSupported =>
        Avx2.IsSupported && Fma.IsSupported && !(Vector512.IsHardwareAccelerated && Avx512F.IsSupported);

    /// <summary>
    /// Where it beats the im2col GEMM (conv bench, one thread, CPU time, best of three): depth up to
    /// <see cref="MaxDepth"/>, wide rows mostly output (RowStep within 5/4 of OutWidth). Squeezenet's
    /// stem 1.06 ms against 1.94, resnet18's 7×7 stem (K = 147) 3.54 against 4.40, yolov8n's stem with
    /// SiLU 7.2 against 8.2 and its 16→32 3×3/2 (K = 144) 9.4 against 10.5, YOLOX's 12→16 stem 3.9
    /// against 4.0 (with SiLU 4.1 against 4.3–5.6). Winograd, tried first by the operator, keeps the
    /// stride-1 3×3s with 16 or more input channels: squeezenet's 55×55 expand (K = 144) was a tie.
    /// </summary>
    public static bool Applies(ConvGeometry g) =>
        Handles(g) && g.Depth <= MaxDepth && 4L * new PhaseLayout(g).RowStep <= 5L * g.OutWidth;

    /// <summary>
    /// From K = 288 the GEMM wins (yolov8n's 32→64 3×3/2 on 160: 8.8 ms against 7.7): each tile
    /// rereads its input rows for every four channels, from L2 once they outgrow L1.
    /// </summary>
    private const int MaxDepth = 160;

    /// <summary>Padded planes of a group of images (or an image's band of rows) that stay in a core's L2 between the copy and the tiles (512 KiB).</summary>
    private const long GroupFloats = 1 << 17;

    /// <summary>Tiles that share a block's weights while they are in L1, each tile's input rows in L2.</summary>
    private const int GroupTiles = 8;

    /// <summary>y = f(conv(x, w) + bias) for every image; x, w, y dense NCHW / MCkk / NMHW.</summary>
    public static void Forward(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation)
    {
        if (!Handles(g)) throw new ArgumentException("Direct convolution (AVX2) needs AVX2 and FMA, an ungrouped kernel with more than one tap and at least 4 output channels.");
        Forward(g, x, new DirectConvWeights(g.OutChannels, g.Depth, new ReadOnlySpan<float>(w, g.OutChannels * g.Depth)), bias, y, activation);
    }

    /// <summary>As <see cref="Forward(ConvGeometry, float*, float*, float*, float*, Activation)"/> with the weights already ordered; bias is null or M values.</summary>
    public static void Forward(ConvGeometry g, float* x, DirectConvWeights weights, float* bias, float* y, Activation activation)
    {
        if (!Handles(g)) throw new ArgumentException("Direct convolution (AVX2) needs AVX2 and FMA, an ungrouped kernel with more than one tap and at least 4 output channels.");
        if (weights.OutChannels != g.OutChannels || weights.Depth != g.Depth)
            throw new ArgumentException($"Direct convolution weights are {weights.OutChannels}×{weights.Depth}, the convolution {g.OutChannels}×{g.Depth}.");
        long imageFloats = (long)g.InChannels * new PhaseLayout(g).Size;
        if (imageFloats <= GroupFloats || g.OutHeight == 1)
        {
            Run(g, x, g.InSize, weights, bias, y, g.OutSize, activation);
            return;
        }
        // A large image (the stems at 416 and 640) in bands of output rows, each band's planes in L2.
        int bandRows = (int)Math.Max(1, g.OutHeight * GroupFloats / imageFloats);
        for (int b = 0; b < g.Batch; b++)
            for (int r0 = 0; r0 < g.OutHeight; r0 += bandRows)
            {
                var (band, firstRow) = DirectConv.Band(g, r0, Math.Min(g.OutHeight, r0 + bandRows));
                Run(band, x + ((nint)b * g.InChannels * g.InHeight + firstRow) * g.InWidth, g.InSize, weights, bias,
                    y + (nint)b * g.OutChannels * g.OutSize + (nint)r0 * g.OutWidth, g.OutSize, activation);
            }
    }

    /// <summary>Index in the output plane of wide column <paramref name="column"/>'s pixel, or of the next pixel when it is in a gap (the plane's size at the end).</summary>
    private static nint OutputIndex(long column, long wide, int rowStep, int outWidth)
    {
        column = Math.Min(column, wide);
        long row = column / rowStep;
        return (nint)(row * outWidth + Math.Min(column - row * rowStep, outWidth));
    }

    /// <summary>
    /// The convolution for images whose input planes are <paramref name="inPlane"/> floats apart
    /// (channels of one image, then images) and output planes <paramref name="outPlane"/> apart.
    /// </summary>
    private static void Run(ConvGeometry g, float* x, nint inPlane, DirectConvWeights weights, float* bias, float* y, nint outPlane,
        Activation activation)
    {
        var layout = new PhaseLayout(g);
        int channels = g.InChannels, m = g.OutChannels, depth = g.Depth;
        int blocks = (m + Block - 1) / Block, size = layout.Size, rowStep = layout.RowStep, outWidth = g.OutWidth;
        long wide = layout.WideColumns;
        int chunks = (int)((wide + Width - 1) / Width);
        long imageFloats = (long)channels * size;
        int group = (int)Math.Clamp(GroupFloats / imageFloats, 1, g.Batch);
        nint[] offsets = ArrayPool<nint>.Shared.Rent(depth);
        // One bias per channel of every block of eight, zero past M: the tile adds four.
        float[] padded = ArrayPool<float>.Shared.Rent(blocks * Block);
        padded.AsSpan(0, blocks * Block).Clear();
        if (bias != null) new ReadOnlySpan<float>(bias, m).CopyTo(padded);
        // The last tile reads up to Width floats past the last plane's wide run.
        float[] planes = ArrayPool<float>.Shared.Rent(checked((int)(group * imageFloats + Width)));
        try
        {
            // Every (input channel, tap) step's offset from the tile's first wide column in channel 0's plane.
            for (int c = 0; c < channels; c++)
                for (int i = 0; i < g.KernelHeight; i++)
                    for (int j = 0; j < g.KernelWidth; j++)
                        offsets[(c * g.KernelHeight + i) * g.KernelWidth + j] = (nint)c * size + layout.Offset(i * g.DilationHeight, j * g.DilationWidth);
            fixed (float* pp = planes, pb = padded)
            fixed (nint* po = offsets)
            {
                float* ordered = weights.Ordered, biases = pb, planesStart = pp;
                nint* stepOffsets = po;
                for (int first = 0; first < g.Batch; first += group)
                {
                    int images = Math.Min(group, g.Batch - first);
                    float* xg = x + (nint)first * channels * inPlane, yg = y + (nint)first * m * outPlane;
                    new Span<float>(planesStart + images * imageFloats, Width).Clear();
                    CoarseParallel.ForChunks(images * channels, g.InSize, (p0, p1) =>
                    {
                        for (int p = p0; p < p1; p++) layout.Fill(xg + (nint)p * inPlane, planesStart + (nint)p * size);
                    });
                    CoarseParallel.ForChunks(images * chunks, (long)Width * m * depth / 16, (t0, t1) =>
                    {
                        // Relu and Clip are applied as the tile is stored; another activation (SiLU) runs over each channel's
                        // outputs of the group once they are stored, still in L1: they are one run of the plane.
                        bool inStore = activation.Kind is ActivationKind.None or ActivationKind.Relu or ActivationKind.Clip;
                        var storeActivation = inStore ? activation : Activation.None;
                        var stores = stackalloc DirectConvStore256[GroupTiles];
                        for (int t = t0; t < t1;)
                        {
                            // Up to GroupTiles tiles of one image, which then share each block's weights in L1.
                            int b = t / chunks, chunk0 = t % chunks, count = Math.Min(Math.Min(GroupTiles, t1 - t), chunks - chunk0);
                            for (int i = 0; i < count; i++)
                                stores[i] = new DirectConvStore256((long)(chunk0 + i) * Width, wide, rowStep, outWidth, storeActivation);
                            nint start = OutputIndex((long)chunk0 * Width, wide, rowStep, outWidth);
                            int run = (int)(OutputIndex((long)(chunk0 + count) * Width, wide, rowStep, outWidth) - start);
                            float* input = planesStart + (nint)b * imageFloats + (long)chunk0 * Width;
                            float* yb = yg + (nint)b * m * outPlane;
                            for (int o = 0; o < m; o += Channels)
                            {
                                int rows = Math.Min(Channels, m - o);
                                float* w = ordered + (nint)(o / Block) * Block * depth + o % Block;
                                float* output = yb + o * outPlane;
                                for (int i = 0; i < count; i++)
                                    DirectConvTile256.Run(input + i * Width, stepOffsets, depth, w, biases + o, output, outPlane, rows, stores[i]);
                                if (inStore) continue;
                                for (int k = 0; k < rows; k++) activation.Apply(new Span<float>(output + k * outPlane + start, run));
                            }
                            t += count;
                        }
                    });
                }
            }
            // The tiles read the weights through a pointer: keep their pinned array alive until the last one ran.
            GC.KeepAlive(weights);
        }
        finally
        {
            ArrayPool<nint>.Shared.Return(offsets);
            ArrayPool<float>.Shared.Return(padded);
            ArrayPool<float>.Shared.Return(planes);
        }
    }
}
