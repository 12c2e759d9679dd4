using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The receptive fields of one group of input planes as the K×N matrix B of a GEMM (row
/// (c·kh + i)·kw + j, column oh·OW + ow), written straight into the packed panels the
/// micro-kernel reads, so the column matrix is never stored whole. Padding becomes zeros.
/// Columns may run on into further images, <paramref name="imageStride"/> floats apart
/// (column b·OutSize + oh·OW + ow).
/// </summary>
internal readonly unsafe struct Im2ColPacker(ConvGeometry g, float* x, nint imageStride = 0) : IPackB
{
    public float* Pack(int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        // How the block's columns fall into output rows and panels is the same for every k
        // row: work it out once (no divisions in the loop below).
        var runs = Runs(j0, nc, nr, kc);
        int kw = g.KernelWidth, taps = g.KernelHeight * kw;
        int tail = nc % nr;
        float* tailStart = tail == 0 ? null : dst + (nint)(nc - tail) * kc + tail;
        int c = p0 / taps, t = p0 - c * taps, i = t / kw, j = t - i * kw;
        for (int kk = 0; kk < kc; kk++)
        {
            float* plane = x + (nint)c * g.InSize;
            int offset = j * g.DilationWidth - g.PadLeft, rowShift = i * g.DilationHeight - g.PadTop;
            var (lo, hi) = ConvGeometry.ValidRange(offset, g.StrideWidth, g.InWidth, g.OutWidth);
            float* d = dst + kk * nr;
            bool masked = Avx512F.IsSupported && g.StrideWidth <= 2;
            foreach (ref readonly var run in runs)
            {
                int ih = run.RowStart + rowShift;
                float* src = (uint)ih < (uint)g.InHeight ? plane + run.Image + (nint)ih * g.InWidth + offset : null;
                if (masked) Im2ColRun512.Copy(src, run.W0, run.Length, lo, hi, g.StrideWidth, d + run.Dst);
                else Segment(src, run.W0, run.Length, lo, hi, g.StrideWidth, d + run.Dst);
            }
            // Columns past the block's end in the last panel are zeros.
            if (tailStart != null) new Span<float>(tailStart + kk * nr, nr - tail).Clear();
            if (++j == kw)
            {
                j = 0;
                if (++i == g.KernelHeight)
                {
                    i = 0;
                    c++;
                }
            }
        }
        return dst;
    }

    /// <summary>
    /// A stretch of the block's columns inside one output row and one panel: where it goes in
    /// the panel (k row 0), its first output column, the input row of its output row for tap
    /// row 0 (before padding), and its image's offset.
    /// </summary>
    private readonly record struct Run(nint Dst, int W0, int Length, int RowStart, nint Image);

    [ThreadStatic] private static Run[]? t_runs;

    private Span<Run> Runs(int j0, int nc, int nr, int kc)
    {
        int ow = g.OutWidth, outSize = g.OutSize;
        // At most one run per output row touched plus one per panel boundary.
        int most = nc / Math.Max(ow, 1) + 2 + nc / nr + 2;
        var buffer = t_runs is { } b && b.Length >= most ? b : t_runs = new Run[Math.Max(most, 256)];
        int count = 0;
        int n = j0, image = n / outSize, r = n - image * outSize, oh = r / ow, w0 = r - oh * ow;
        for (int col = 0; col < nc;)
        {
            int inPanel = col % nr;
            int len = Math.Min(Math.Min(nr - inPanel, ow - w0), nc - col);
            buffer[count++] = new Run((nint)(col - inPanel) * kc + inPanel, w0, len, oh * g.StrideHeight, image * imageStride);
            col += len;
            w0 += len;
            if (w0 == ow)
            {
                w0 = 0;
                if (++oh == g.OutHeight)
                {
                    oh = 0;
                    image++;
                }
            }
        }
        return buffer.AsSpan(0, count);
    }

    /// <summary>dst[q] = src[(w0 + q)·stride] where that column is inside the image, else 0.</summary>
    /// <remarks>Segments are short (≤ one panel, often one 7-wide output row): plain loops, no spans.</remarks>
    private static void Segment(float* src, int w0, int len, int lo, int hi, int stride, float* dst)
    {
        int q = 0;
        if (src != null)
        {
            int a = Math.Clamp(lo, w0, w0 + len) - w0, b = Math.Clamp(hi, w0 + a, w0 + len) - w0;
            for (; q < a; q++) dst[q] = 0;
            float* s = src + (nint)w0 * stride;
            if (stride == 1) q = Copy(s, dst, q, b);
            else if (stride == 2) q = CopyEven(s, dst, q, b);
            for (; q < b; q++) dst[q] = s[q * stride];
        }
        for (; q < len; q++) dst[q] = 0;
    }

    private static int Copy(float* s, float* d, int q, int end)
    {
        if (Vector512.IsHardwareAccelerated)
            for (; q + 16 <= end; q += 16) Vector512.Store(Vector512.Load(s + q), d + q);
        for (; q + 8 <= end; q += 8) Vector256.Store(Vector256.Load(s + q), d + q);
        return q;
    }

    // d[q] = s[2q]: two loads, one two-source permute keeping the even lanes.
    private static int CopyEven(float* s, float* d, int q, int end)
    {
        if (!Avx512F.IsSupported) return q;
        var evens = EvenOdd.Evens;
        // Strictly less: the second load reads s[2q + 31], one past the last even lane needed.
        for (; q + 16 < end; q += 16)
            Vector512.Store(Avx512F.PermuteVar16x32x2(Vector512.Load(s + 2 * q), evens, Vector512.Load(s + 2 * q + 16)), d + q);
        return q;
    }
}

/// <summary>
/// The reverse of <see cref="Im2ColPacker"/>: scatters (accumulates) a K×N column matrix
/// back onto the input planes, for the input gradient.
/// </summary>
internal static unsafe class Col2Im
{
    /// <summary>dx[planes] += col2im(dcol); each channel is written by one thread only.</summary>
    public static void Run(ConvGeometry g, float* dcol, float* dx)
    {
        int channels = g.InChannelsPerGroup;
        CoarseParallel.ForChunks(channels, Cost(g), (c0, c1) =>
        {
            for (int c = c0; c < c1; c++) UnpackChannel(g, dcol + (nint)c * g.KernelHeight * g.KernelWidth * g.OutSize, dx + (nint)c * g.InSize);
        });
    }

    private static void UnpackChannel(ConvGeometry g, float* dcol, float* dx)
    {
        int ow = g.OutWidth, n = g.OutSize;
        for (int i = 0; i < g.KernelHeight; i++)
        {
            for (int j = 0; j < g.KernelWidth; j++, dcol += n)
            {
                int offset = j * g.DilationWidth - g.PadLeft;
                var (lo, hi) = ConvGeometry.ValidRange(offset, g.StrideWidth, g.InWidth, ow);
                if (hi <= lo) continue;
                for (int oh = 0; oh < g.OutHeight; oh++)
                {
                    int ih = oh * g.StrideHeight - g.PadTop + i * g.DilationHeight;
                    if ((uint)ih >= (uint)g.InHeight) continue;
                    float* src = dcol + oh * ow;
                    float* dst = dx + ih * g.InWidth + offset;
                    if (g.StrideWidth == 1)
                    {
                        var d = new Span<float>(dst + lo, hi - lo);
                        TensorPrimitives.Add(d, new ReadOnlySpan<float>(src + lo, hi - lo), d);
                    }
                    else
                    {
                        for (int w = lo; w < hi; w++) dst[w * g.StrideWidth] += src[w];
                    }
                }
            }
        }
    }

    private static long Cost(ConvGeometry g) => (long)g.KernelHeight * g.KernelWidth * g.OutSize;
}
