using System.Buffers;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Direct convolution for dense kernels with few taps' worth of depth (squeezenet's 3×3
/// expands, stems with 3 input channels, yolov8n's stride-2 convolutions): as a GEMM these
/// pay an im2col copy of K rows × every pixel that is reread only M / 14 times, which for
/// small K costs as much as the multiply-adds. Here each input plane is copied once into
/// <see cref="PhaseLayout"/> (padded, split by stride phase); read as one long row, every tap
/// of every output row is then a contiguous run, so <see cref="DirectConvTile"/> computes
/// eight channels × 48 such "wide" columns in registers, and <see cref="DirectConvStore"/> stores
/// the columns that are output pixels (the RowStep − OutWidth per row that are not are dropped).
/// </summary>
internal static unsafe class DirectConv
{
    private const int Channels = DirectConvTile.Channels, Width = DirectConvTile.Width;

    /// <summary>What the kernel computes at all: an ungrouped 2-D kernel with more than one tap, on 512-bit vectors.</summary>
    public static bool Handles(ConvGeometry g) =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported && g.Group == 1 && g.KernelHeight * g.KernelWidth > 1 && g.OutChannels >= Channels;

    /// <summary>
    /// Where it beats the im2col GEMM and Winograd (conv bench, one thread): depth up to
    /// <see cref="MaxDepth"/> (the expands of squeezenet1_1 have 144–576), wide rows mostly
    /// output (RowStep within 5/4 of OutWidth, so 13×13 maps qualify and 7×7 do not).
    /// </summary>
    public static bool Applies(ConvGeometry g) =>
        Handles(g) && g.Depth <= MaxDepth && 4L * new PhaseLayout(g).RowStep <= 5L * g.OutWidth;

    /// <summary>Deeper products go to the GEMM (or Winograd), which blocks K for the cache.</summary>
    private const int MaxDepth = 640;

    /// <summary>
    /// For a 3×3 stride-1 kernel that Winograd also takes, whether this kernel (or
    /// <see cref="NarrowConv"/>, which <see cref="Convolution"/> tries first) is faster: for one
    /// image, up to 32 input channels (one core: squeezenet's 55×55 expand 0.4 ms against 0.6,
    /// yolov8n's 16→16 on 160×160 1.1 ms against 2.2, 32→32 on 80×80 129 against 88 GFLOP/s);
    /// from 48 on, Winograd's 2.25× fewer multiplies win (13×13, 64 channels: 91 against 112).
    /// Batches stay with Winograd for now: it was faster there only up to 64 channels by a few
    /// percent, and Integrated Gradients' batched steps on digitcnn matched Captum's within the
    /// fixture tolerance (1e-4) with Winograd's rounding and missed it (1.1e-4) with this one's.
    /// </summary>
    public static bool PreferredOverWinograd(ConvGeometry g) =>
        g.Batch == 1 && g.Depth <= MaxDepthOverWinograd && (NarrowConv.Applies(g) || Applies(g));

    private const int MaxDepthOverWinograd = 32 * 9;

    /// <summary>y = f(conv(x, w) + bias) for every image; x, w, y dense NCHW / MCkk / NMHW.</summary>
    public static void Forward(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation)
    {
        if (!Handles(g)) throw new ArgumentException("Direct convolution needs an ungrouped kernel with more than one tap and at least 8 output channels.");
        Forward(g, x, new DirectConvWeights(g.OutChannels, g.Depth, new ReadOnlySpan<float>(w, g.OutChannels * g.Depth)), bias, y, activation);
    }

    /// <summary>Padded planes of a group of images that stay in a core's L2 between the copy and the tiles (1 MiB).</summary>
    private const long GroupFloats = 1 << 18;

    /// <summary>As <see cref="Forward(ConvGeometry, float*, float*, float*, float*, Activation)"/> with the weights already ordered; bias is null or M values.</summary>
    public static void Forward(ConvGeometry g, float* x, DirectConvWeights weights, float* bias, float* y, Activation activation)
    {
        if (!Handles(g)) throw new ArgumentException("Direct convolution needs an ungrouped kernel with more than one tap and at least 8 output channels.");
        if (weights.OutChannels != g.OutChannels || weights.Depth != g.Depth)
            throw new ArgumentException($"Direct convolution weights are {weights.OutChannels}×{weights.Depth}, the convolution {g.OutChannels}×{g.Depth}.");
        long imageFloats = (long)g.InChannels * new PhaseLayout(g).Size;
        if (imageFloats <= GroupFloats || g.OutHeight == 1)
        {
            Run(g, x, g.InSize, weights, bias, y, g.OutSize, activation);
            return;
        }
        // A large image (yolov8n's first layers at 640) in bands of output rows, each band's planes in L2.
        int bandRows = (int)Math.Max(1, g.OutHeight * GroupFloats / imageFloats);
        for (int b = 0; b < g.Batch; b++)
            for (int r0 = 0; r0 < g.OutHeight; r0 += bandRows)
            {
                var (band, firstRow) = Band(g, r0, Math.Min(g.OutHeight, r0 + bandRows));
                Run(band, x + ((nint)b * g.InChannels * g.InHeight + firstRow) * g.InWidth, g.InSize, weights, bias,
                    y + (nint)b * g.OutChannels * g.OutSize + (nint)r0 * g.OutWidth, g.OutSize, activation);
            }
    }

    /// <summary>
    /// Output rows [r0, r1) of one image as a convolution of its own: the input rows they read
    /// (from <c>FirstRow</c>), with the top pad that is left above them.
    /// </summary>
    internal static (ConvGeometry Band, int FirstRow) Band(ConvGeometry g, int r0, int r1)
    {
        int start = r0 * g.StrideHeight - g.PadTop;
        int end = Math.Min(g.InHeight, (r1 - 1) * g.StrideHeight - g.PadTop + (g.KernelHeight - 1) * g.DilationHeight + 1);
        int first = Math.Max(start, 0);
        var band = g with { Batch = 1, InHeight = Math.Max(end - first, 0), PadTop = first - start, OutHeight = r1 - r0 };
        return (band, first);
    }

    /// <summary>
    /// The convolution for images whose input planes are <paramref name="inPlane"/> floats apart
    /// (channels of one image, then images) and output planes <paramref name="outPlane"/> apart.
    /// </summary>
    private static void Run(ConvGeometry g, float* x, nint inPlane, DirectConvWeights weights, float* bias, float* y, nint outPlane,
        Activation activation)
    {
        var layout = new PhaseLayout(g);
        int taps = g.KernelHeight * g.KernelWidth, channels = g.InChannels, m = g.OutChannels, depth = g.Depth;
        int blocks = (m + Channels - 1) / Channels, size = layout.Size, rowStep = layout.RowStep;
        long wide = layout.WideColumns;
        int chunks = (int)((wide + Width - 1) / Width);
        long imageFloats = (long)channels * size;
        int group = (int)Math.Clamp(GroupFloats / imageFloats, 1, g.Batch);
        nint[] offsets = ArrayPool<nint>.Shared.Rent(taps);
        // One bias per channel of every block, zero past M: the tile adds eight.
        float[] padded = ArrayPool<float>.Shared.Rent(blocks * Channels);
        padded.AsSpan(0, blocks * Channels).Clear();
        if (bias != null) new ReadOnlySpan<float>(bias, m).CopyTo(padded);
        // The last tile reads up to Width floats past the last plane's wide run.
        float[] planes = ArrayPool<float>.Shared.Rent(checked((int)(group * imageFloats + Width)));
        try
        {
            for (int i = 0; i < g.KernelHeight; i++)
                for (int j = 0; j < g.KernelWidth; j++)
                    offsets[i * g.KernelWidth + j] = layout.Offset(i * g.DilationHeight, j * g.DilationWidth);
            fixed (float* pp = planes, pb = padded)
            fixed (nint* po = offsets)
            {
                float* ordered = weights.Ordered, biases = pb, planesStart = pp;
                nint* tapOffsets = po;
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
                        // Relu and Clip are applied as the tile is stored; another activation runs over a copy first.
                        bool inStore = activation.Kind is ActivationKind.None or ActivationKind.Relu or ActivationKind.Clip;
                        float* tile = stackalloc float[Channels * Width];
                        for (int task = t0; task < t1; task++)
                        {
                            int b = task / chunks, chunk = task % chunks;
                            long i0 = (long)chunk * Width;
                            var store = new DirectConvStore(i0, wide, rowStep, g.OutWidth, activation) { PlaneSize = outPlane };
                            float* input = planesStart + (nint)b * imageFloats + i0;
                            for (int block = 0; block < blocks; block++)
                            {
                                store.Output = yg + ((nint)b * m + block * Channels) * outPlane;
                                store.Rows = Math.Min(Channels, m - block * Channels);
                                DirectConvTile.Run(input, size, channels, tapOffsets, taps, ordered + (nint)block * Channels * depth,
                                    biases + block * Channels, store, inStore ? null : tile);
                                if (inStore) continue;
                                activation.Apply(new Span<float>(tile, Channels * Width));
                                for (int k = 0; k < store.Rows; k++)
                                    store.Put(store.Output + k * store.PlaneSize, Vector512.Load(tile + k * Width),
                                        Vector512.Load(tile + k * Width + 16), Vector512.Load(tile + k * Width + 32));
                            }
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
