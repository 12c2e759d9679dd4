using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Direct convolution for dense kernels with few taps' worth of depth (squeezenet's 3×3
/// expands, stems with 3 input channels, yolov8n's stride-2 convolutions): as a GEMM these
/// pay an im2col copy of K rows × every pixel that is reread only M / 14 times, which for
/// small K costs as much as the multiply-adds. Here each input plane is copied once into
/// <see cref="PhaseLayout"/> (padded, split by stride phase); read as one long row, every tap
/// of every output row is then a contiguous run, so <see cref="DirectConvTile"/> computes
/// eight channels × 48 such "wide" columns in registers, and the columns that belong to an
/// output pixel are copied out (the RowStep − OutWidth per row that do not are dropped).
/// </summary>
internal static unsafe class DirectConv
{
    private const int Channels = DirectConvTile.Channels, Width = DirectConvTile.Width;

    /// <summary>Most segments one tile's columns split into (a wide row of at least one column each).</summary>
    private const int MaxSegments = Width + 1;

    /// <summary>What the kernel computes at all: an ungrouped 2-D kernel with more than one tap, on 512-bit vectors.</summary>
    public static bool Handles(ConvGeometry g) =>
        Vector512.IsHardwareAccelerated && g.Group == 1 && g.KernelHeight * g.KernelWidth > 1 && g.OutChannels >= Channels;

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
    /// <see cref="NarrowConv"/>, which <see cref="Convolution"/> tries first) is faster: up to
    /// 32 input channels it is (one core: squeezenet's 55×55 expand 0.4 ms against 0.6,
    /// yolov8n's 16→16 on 160×160 1.1 ms against 2.2, 32→32 on 80×80 129 against 88 GFLOP/s);
    /// from 48 on, Winograd's 2.25× fewer multiplies win.
    /// </summary>
    public static bool PreferredOverWinograd(ConvGeometry g) => g.Depth <= MaxDepthOverWinograd && (NarrowConv.Applies(g) || Applies(g));

    private const int MaxDepthOverWinograd = 32 * 9;

    /// <summary>y = f(conv(x, w) + bias) for every image; x, w, y dense NCHW / MCkk / NMHW.</summary>
    public static void Forward(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation)
    {
        if (!Handles(g)) throw new ArgumentException("Direct convolution needs an ungrouped kernel with more than one tap and at least 8 output channels.");
        var layout = new PhaseLayout(g);
        int taps = g.KernelHeight * g.KernelWidth, channels = g.InChannels, m = g.OutChannels, depth = g.Depth;
        int blocks = (m + Channels - 1) / Channels, size = layout.Size, rowStep = layout.RowStep;
        long wide = layout.WideColumns;
        int chunks = (int)((wide + Width - 1) / Width);
        long planesFloats = (long)g.Batch * channels * size;
        float[] ordered = ArrayPool<float>.Shared.Rent(blocks * Channels * depth);
        float[] biases = ArrayPool<float>.Shared.Rent(blocks * Channels);
        nint[] offsets = ArrayPool<nint>.Shared.Rent(taps);
        // The last tile reads up to Width floats past the last plane's wide run.
        float[] planes = ArrayPool<float>.Shared.Rent(checked((int)(planesFloats + Width)));
        try
        {
            OrderWeights(w, bias, m, depth, blocks, ordered, biases);
            for (int i = 0; i < g.KernelHeight; i++)
                for (int j = 0; j < g.KernelWidth; j++)
                    offsets[i * g.KernelWidth + j] = layout.Offset(i * g.DilationHeight, j * g.DilationWidth);
            planes.AsSpan((int)planesFloats, Width).Clear();
            fixed (float* pw = ordered, pb = biases, pp = planes)
            fixed (nint* po = offsets)
            {
                float* weights = pw, biasesStart = pb, planesStart = pp;
                nint* tapOffsets = po;
                int images = g.Batch;
                CoarseParallel.ForChunks(images * channels, g.InSize, (p0, p1) =>
                {
                    for (int p = p0; p < p1; p++) layout.Fill(x + (nint)p * g.InSize, planesStart + (nint)p * size);
                });
                CoarseParallel.ForChunks(images * chunks, (long)Width * m * depth / 16, (t0, t1) =>
                {
                    float* tile = stackalloc float[Channels * Width];
                    int* segments = stackalloc int[3 * MaxSegments];
                    for (int task = t0; task < t1; task++)
                    {
                        int b = task / chunks, chunk = task % chunks;
                        long i0 = (long)chunk * Width;
                        int count = Segments(i0, Math.Min(i0 + Width, wide), rowStep, g.OutWidth, segments);
                        float* input = planesStart + (nint)b * channels * size + i0;
                        float* yb = y + (nint)b * m * g.OutSize;
                        for (int block = 0; block < blocks; block++)
                        {
                            DirectConvTile.Run(input, size, channels, tapOffsets, taps, weights + (nint)block * Channels * depth,
                                biasesStart + block * Channels, tile);
                            if (!activation.IsNone) activation.Apply(new Span<float>(tile, Channels * Width));
                            int rows = Math.Min(Channels, m - block * Channels);
                            for (int k = 0; k < rows; k++)
                                CopyOut(tile + k * Width, yb + (nint)(block * Channels + k) * g.OutSize, segments, count);
                        }
                    }
                });
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(ordered);
            ArrayPool<float>.Shared.Return(biases);
            ArrayPool<nint>.Shared.Return(offsets);
            ArrayPool<float>.Shared.Return(planes);
        }
    }

    /// <summary>Weights as [block][input channel][tap][8] (the eight broadcasts of a step adjacent), missing channels zero.</summary>
    private static void OrderWeights(float* w, float* bias, int m, int depth, int blocks, float[] ordered, float[] biases)
    {
        ordered.AsSpan(0, blocks * Channels * depth).Clear();
        biases.AsSpan(0, blocks * Channels).Clear();
        for (int o = 0; o < m; o++)
        {
            float* row = w + (nint)o * depth;
            int start = o / Channels * depth * Channels + o % Channels;
            for (int k = 0; k < depth; k++) ordered[start + k * Channels] = row[k];
            if (bias != null) biases[o] = bias[o];
        }
    }

    /// <summary>
    /// The runs of wide columns [from, to) that are output pixels, as (offset in the tile,
    /// offset in the output plane, length) triples; returns how many.
    /// </summary>
    private static int Segments(long from, long to, int rowStep, int outWidth, int* segments)
    {
        int count = 0;
        for (long s = from; s < to;)
        {
            long oh = s / rowStep;
            int ow = (int)(s - oh * rowStep);
            int run = (int)Math.Min(to - s, rowStep - ow);
            int valid = Math.Min(run, outWidth - ow);
            if (valid > 0)
            {
                segments[3 * count] = (int)(s - from);
                segments[3 * count + 1] = (int)(oh * outWidth + ow);
                segments[3 * count + 2] = valid;
                count++;
            }
            s += run;
        }
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyOut(float* tileRow, float* plane, int* segments, int count)
    {
        for (int s = 0; s < count; s++)
        {
            int* seg = segments + 3 * s;
            new ReadOnlySpan<float>(tileRow + seg[0], seg[2]).CopyTo(new Span<float>(plane + seg[1], seg[2]));
        }
    }
}
