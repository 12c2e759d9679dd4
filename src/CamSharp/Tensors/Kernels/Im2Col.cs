using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Parallel = CamSharp.Tensors.Kernels.CoarseParallel;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Lays out the receptive fields of one group of input planes as a K×N matrix (row
/// (c·kh + i)·kw + j, column oh·OW + ow) so a convolution becomes one GEMM, and the
/// reverse: scatters (accumulates) such a matrix back onto the planes for the input
/// gradient. Zero padding is written explicitly.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>col[K×N] from <paramref name="x"/>: the group's input planes, InChannelsPerGroup × InSize.</summary>
    public static void Pack(ConvGeometry g, float* x, float* col)
    {
        int channels = g.InChannelsPerGroup;
        Parallel.ForChunks(channels, Cost(g), (c0, c1) =>
        {
            for (int c = c0; c < c1; c++) PackChannel(g, x + (nint)c * g.InSize, col + (nint)c * g.KernelHeight * g.KernelWidth * g.OutSize);
        });
    }

    /// <summary>dx[planes] += col2im(dcol); each channel is written by one thread only.</summary>
    public static void Unpack(ConvGeometry g, float* dcol, float* dx)
    {
        int channels = g.InChannelsPerGroup;
        Parallel.ForChunks(channels, Cost(g), (c0, c1) =>
        {
            for (int c = c0; c < c1; c++) UnpackChannel(g, dcol + (nint)c * g.KernelHeight * g.KernelWidth * g.OutSize, dx + (nint)c * g.InSize);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackChannel(ConvGeometry g, float* x, float* col)
    {
        int ow = g.OutWidth, n = g.OutSize;
        for (int i = 0; i < g.KernelHeight; i++)
        {
            for (int j = 0; j < g.KernelWidth; j++, col += n)
            {
                int offset = j * g.DilationWidth - g.PadLeft;
                var (lo, hi) = ConvGeometry.ValidRange(offset, g.StrideWidth, g.InWidth, ow);
                for (int oh = 0; oh < g.OutHeight; oh++)
                {
                    float* dst = col + oh * ow;
                    int ih = oh * g.StrideHeight - g.PadTop + i * g.DilationHeight;
                    if ((uint)ih >= (uint)g.InHeight)
                    {
                        new Span<float>(dst, ow).Clear();
                        continue;
                    }
                    float* src = x + ih * g.InWidth + offset;
                    new Span<float>(dst, lo).Clear();
                    if (g.StrideWidth == 1) new ReadOnlySpan<float>(src + lo, hi - lo).CopyTo(new Span<float>(dst + lo, hi - lo));
                    else for (int w = lo; w < hi; w++) dst[w] = src[w * g.StrideWidth];
                    new Span<float>(dst + hi, ow - hi).Clear();
                }
            }
        }
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
