using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Parallel = CamSharp.Tensors.Kernels.CoarseParallel;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The receptive fields of one group of input planes as the K×N matrix B of a GEMM (row
/// (c·kh + i)·kw + j, column oh·OW + ow), written straight into the packed panels the
/// micro-kernel reads, so the column matrix is never stored whole. Padding becomes zeros.
/// </summary>
internal readonly unsafe struct Im2ColPacker(ConvGeometry g, float* x) : IPackB
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Pack(int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        int taps = g.KernelHeight * g.KernelWidth, ow = g.OutWidth;
        int padded = (nc + nr - 1) / nr * nr;
        for (int kk = 0; kk < kc; kk++)
        {
            int row = p0 + kk, c = row / taps, t = row - c * taps, i = t / g.KernelWidth, j = t - i * g.KernelWidth;
            float* plane = x + (nint)c * g.InSize;
            int offset = j * g.DilationWidth - g.PadLeft;
            var (lo, hi) = ConvGeometry.ValidRange(offset, g.StrideWidth, g.InWidth, ow);
            float* d = dst + kk * nr;
            // Walk the columns output row by output row, cutting at panel boundaries.
            for (int col = 0; col < nc;)
            {
                int n = j0 + col, oh = n / ow, w0 = n - oh * ow;
                int ih = oh * g.StrideHeight - g.PadTop + i * g.DilationHeight;
                float* src = (uint)ih < (uint)g.InHeight ? plane + ih * g.InWidth + offset : null;
                int rowEnd = Math.Min(nc, col + ow - w0);
                while (col < rowEnd)
                {
                    int inPanel = col % nr, len = Math.Min(nr - inPanel, rowEnd - col);
                    Segment(src, w0, len, lo, hi, g.StrideWidth, d + (nint)(col - inPanel) * kc + inPanel);
                    col += len;
                    w0 += len;
                }
            }
            for (int col = nc; col < padded; col++) d[(nint)(col / nr * nr) * kc + col % nr] = 0;
        }
    }

    /// <summary>dst[q] = src[(w0 + q)·stride] where that column is inside the image, else 0.</summary>
    private static void Segment(float* src, int w0, int len, int lo, int hi, int stride, float* dst)
    {
        if (src == null)
        {
            new Span<float>(dst, len).Clear();
            return;
        }
        int a = Math.Clamp(lo, w0, w0 + len), b = Math.Clamp(hi, a, w0 + len);
        new Span<float>(dst, a - w0).Clear();
        if (stride == 1) new ReadOnlySpan<float>(src + a, b - a).CopyTo(new Span<float>(dst + a - w0, b - a));
        else for (int w = a; w < b; w++) dst[w - w0] = src[w * stride];
        new Span<float>(dst + b - w0, w0 + len - b).Clear();
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
        Parallel.ForChunks(channels, Cost(g), (c0, c1) =>
        {
            for (int c = c0; c < c1; c++) UnpackChannel(g, dcol + (nint)c * g.KernelHeight * g.KernelWidth * g.OutSize, dx + (nint)c * g.InSize);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
