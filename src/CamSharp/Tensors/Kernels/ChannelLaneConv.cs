using System.Buffers;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Direct convolution with output channels in the vector lanes: each input plane is copied once
/// into <see cref="PhaseLayout"/> (padded, split by stride phase), where every tap of a run of
/// output pixels is a run of floats; <see cref="ChannelLaneTile"/> then broadcasts 14 such pixels
/// against 32 output channels of weights per step, as the GEMM micro-kernel does, and turns its
/// tile back into NCHW rows with bias and activation. Against <see cref="DirectConv"/> (pixels in
/// the lanes, loaded unaligned at every tap) it keeps the FMA ports fed; against the im2col GEMM
/// it copies each input value once instead of once per tap.
/// </summary>
internal static unsafe class ChannelLaneConv
{
    private const int Pixels = ChannelLaneTile.Pixels, Channels = ChannelLaneTile.Channels;

    /// <summary>What the kernel computes at all: an ungrouped 2-D kernel with more than one tap, on 512-bit vectors.</summary>
    public static bool Handles(ConvGeometry g) =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported && g.Group == 1 && g.KernelHeight * g.KernelWidth > 1;

    /// <summary>
    /// Where it is chosen (<see cref="Convolution"/> tries DirectConv and SmallMapConv first, so this
    /// replaces the im2col GEMM): one image, strided kernels, output channels a multiple of 32 (every
    /// lane of both vectors used), wide rows mostly output (RowStep within 5/4 of OutWidth). yolov8n's
    /// 128→256 3×3/2 on 40×40, one thread (conv --cpu, v8 3x3/2 40): 2.42–2.49 ms as GEMM, 1.83–1.97 here.
    /// Against DirectConv (shallower kernels) and SmallMapConv (14×14 maps and smaller) it was no faster
    /// with the weights in cache and slower with them in memory (conv --cold), so those keep their shapes;
    /// at stride 1 Winograd and DirectConv are as fast or faster.
    /// </summary>
    public static bool Applies(ConvGeometry g) =>
        Handles(g) && g.Batch == 1 && (g.StrideHeight > 1 || g.StrideWidth > 1) && g.OutChannels % Channels == 0
        && 4L * new PhaseLayout(g).RowStep <= 5L * g.OutWidth;

    /// <summary>Steps (input channel × tap) per block of the depth: 128 steps of 32 weights are 16 KiB.</summary>
    private const int BlockSteps = 128;

    /// <summary>Tiles that share each block of weights while it is in L1 (their partial sums, 7 KiB, too).</summary>
    private const int GroupTiles = 4;

    /// <summary>Padded planes of an image band that stay in a core's L2 between the copy and the tiles (1 MiB).</summary>
    private const long BandFloats = 1 << 18;

    /// <summary>Weights packed for this kernel: panels of 32 output channels, [panel][k][32].</summary>
    public static ChannelPanelWeights PackWeights(ConvGeometry g, ReadOnlySpan<float> w) => new(g.OutChannels, g.Depth, w, Channels);

    /// <summary>y = f(conv(x, w) + bias) for every image; x, y dense NCHW, bias null or M values.</summary>
    public static void Forward(ConvGeometry g, float* x, ChannelPanelWeights weights, float* bias, float* y, Activation activation)
    {
        if (!Handles(g)) throw new ArgumentException("Channel-lane convolution needs an ungrouped kernel with more than one tap and AVX-512.");
        if (weights.OutChannels != g.OutChannels || weights.Depth != g.Depth || weights.Width != Channels)
            throw new ArgumentException($"Channel-lane weights are {weights.OutChannels}×{weights.Depth} in panels of {weights.Width}, the convolution {g.OutChannels}×{g.Depth} in panels of {Channels}.");
        long imageFloats = (long)g.InChannels * new PhaseLayout(g).Size;
        int bandRows = imageFloats <= BandFloats || g.OutHeight == 1 ? g.OutHeight : (int)Math.Max(1, g.OutHeight * BandFloats / imageFloats);
        for (int b = 0; b < g.Batch; b++)
            for (int r0 = 0; r0 < g.OutHeight; r0 += bandRows)
            {
                // A large image (yolov8n's first layers at 640) in bands of output rows, each band's planes in L2.
                var (band, firstRow) = DirectConv.Band(g, r0, Math.Min(g.OutHeight, r0 + bandRows));
                Run(band, x + ((nint)b * g.InChannels * g.InHeight + firstRow) * g.InWidth, g.InSize, weights, bias,
                    y + (nint)b * g.OutChannels * g.OutSize + (nint)r0 * g.OutWidth, g.OutSize, activation);
            }
        weights.KeepAlive();
    }

    /// <summary>One image (band) whose input planes are <paramref name="inPlane"/> floats apart and output planes <paramref name="outPlane"/>.</summary>
    private static void Run(ConvGeometry g, float* x, nint inPlane, ChannelPanelWeights weights, float* bias, float* y, nint outPlane,
        Activation activation)
    {
        var layout = new PhaseLayout(g);
        int taps = g.KernelHeight * g.KernelWidth, channels = g.InChannels, m = g.OutChannels, depth = g.Depth, size = layout.Size;
        int panels = (m + Channels - 1) / Channels, rowStep = layout.RowStep, outWidth = g.OutWidth;
        long wide = layout.WideColumns;
        int tiles = (int)((wide + Pixels - 1) / Pixels);
        nint[] offsets = ArrayPool<nint>.Shared.Rent(taps);
        // Bias in whole panels (zero past M), 64-byte aligned for the tile's vector loads.
        float[] padded = ArrayPool<float>.Shared.Rent(panels * Channels + 16);
        // The last tile reads up to Pixels floats past the last plane's wide run.
        float[] planes = ArrayPool<float>.Shared.Rent(checked((int)((long)channels * size + Pixels + 16)));
        try
        {
            for (int i = 0; i < g.KernelHeight; i++)
                for (int j = 0; j < g.KernelWidth; j++)
                    offsets[i * g.KernelWidth + j] = layout.Offset(i * g.DilationHeight, j * g.DilationWidth);
            fixed (float* pp = planes, pbias = padded)
            fixed (nint* po = offsets)
            {
                float* planesStart = pp, biases = (float*)(((nint)pbias + 63) & ~(nint)63), ordered = weights.Panels;
                new Span<float>(biases, panels * Channels).Clear();
                if (bias != null) new ReadOnlySpan<float>(bias, m).CopyTo(new Span<float>(biases, m));
                nint* tapOffsets = po;
                new Span<float>(planesStart + (nint)channels * size, Pixels + 16).Clear();
                CoarseParallel.ForChunks(channels, g.InSize, (c0, c1) =>
                {
                    for (int c = c0; c < c1; c++) layout.Fill(x + (nint)c * inPlane, planesStart + (nint)c * size);
                });
                // Input channels in blocks of about BlockSteps steps: a block's weights (16 KiB) stay in L1 for a
                // group of tiles, and so do the input rows those tiles read, instead of streaming the whole depth per tile.
                int blockChannels = Math.Max(1, BlockSteps / taps);
                CoarseParallel.ForChunks(tiles, (long)Pixels * m * depth / 16, (t0, t1) =>
                {
                    float* scratch = stackalloc float[GroupTiles * Pixels * Channels + 16];
                    scratch = (float*)(((nint)scratch + 63) & ~(nint)63);
                    var places = stackalloc PixelPlacement[GroupTiles];
                    for (int t = t0; t < t1; t += GroupTiles)
                    {
                        int count = Math.Min(GroupTiles, t1 - t);
                        for (int i = 0; i < count; i++) places[i] = new PixelPlacement((long)(t + i) * Pixels, Pixels, wide, rowStep, outWidth);
                        for (int panel = 0; panel < panels; panel++)
                        {
                            float* panelWeights = ordered + (nint)panel * Channels * depth;
                            for (int c0 = 0; c0 < channels; c0 += blockChannels)
                            {
                                int block = Math.Min(blockChannels, channels - c0);
                                float* blockBias = c0 + block == channels ? biases + panel * Channels : null;
                                for (int i = 0; i < count; i++)
                                    ChannelLaneTile.Run(planesStart + (long)(t + i) * Pixels + (nint)c0 * size, size, block, tapOffsets, taps,
                                        panelWeights + (nint)c0 * taps * Channels, blockBias, scratch + i * Pixels * Channels, accumulate: c0 > 0);
                            }
                            for (int i = 0; i < count; i++)
                                for (int half = 0; half < Channels; half += 16)
                                {
                                    int first = panel * Channels + half, stored = Math.Min(16, m - first);
                                    if (stored > 0)
                                        ChannelLaneTile.Store(scratch + i * Pixels * Channels, half, stored, y + first * outPlane, outPlane, places[i], activation);
                                }
                        }
                    }
                });
            }
        }
        finally
        {
            ArrayPool<nint>.Shared.Return(offsets);
            ArrayPool<float>.Shared.Return(padded);
            ArrayPool<float>.Shared.Return(planes);
        }
    }
}
