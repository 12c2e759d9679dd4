using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Direct depthwise convolution (one kh×kw filter per channel): a GEMM per channel would be
/// 1×(kh·kw)×N, all packing and no compute. Works row by row: each kernel tap adds a
/// scaled input row segment to an output row segment.
/// </summary>
internal static unsafe class DepthwiseConv
{
    /// <summary>y = f(depthwise(x, w) + bias) over all Batch × Channels planes; f is applied to each plane while it is in cache.</summary>
    public static void Forward(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation = default)
    {
        int planes = g.Batch * g.InChannels;
        CoarseParallel.ForChunks(planes, (long)g.OutSize * g.KernelHeight * g.KernelWidth, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int c = p % g.InChannels;
                ForwardPlane(g, x + (nint)p * g.InSize, w + (nint)c * g.KernelHeight * g.KernelWidth, bias != null ? bias[c] : 0f, y + (nint)p * g.OutSize);
                activation.Apply(new Span<float>(y + (nint)p * g.OutSize, g.OutSize));
            }
        });
    }

    /// <summary>dx = gradient of the input planes given dy (overwrites dx).</summary>
    public static void BackwardData(ConvGeometry g, float* dy, float* w, float* dx)
    {
        int planes = g.Batch * g.InChannels;
        CoarseParallel.ForChunks(planes, (long)g.OutSize * g.KernelHeight * g.KernelWidth, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int c = p % g.InChannels;
                new Span<float>(dx + (nint)p * g.InSize, g.InSize).Clear();
                BackwardPlane(g, dy + (nint)p * g.OutSize, w + (nint)c * g.KernelHeight * g.KernelWidth, dx + (nint)p * g.InSize);
            }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardPlane(ConvGeometry g, float* x, float* w, float bias, float* y)
    {
        int ow = g.OutWidth, sw = g.StrideWidth;
        for (int oh = 0; oh < g.OutHeight; oh++)
        {
            float* yrow = y + oh * ow;
            new Span<float>(yrow, ow).Fill(bias);
            for (int i = 0; i < g.KernelHeight; i++)
            {
                int ih = oh * g.StrideHeight - g.PadTop + i * g.DilationHeight;
                if ((uint)ih >= (uint)g.InHeight) continue;
                for (int j = 0; j < g.KernelWidth; j++)
                {
                    int offset = j * g.DilationWidth - g.PadLeft;
                    var (lo, hi) = ConvGeometry.ValidRange(offset, sw, g.InWidth, ow);
                    float wv = w[i * g.KernelWidth + j];
                    float* xrow = x + ih * g.InWidth + offset;
                    if (sw == 1)
                    {
                        var dst = new Span<float>(yrow + lo, hi - lo);
                        TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(xrow + lo, hi - lo), wv, dst, dst);
                    }
                    else
                    {
                        for (int o = lo; o < hi; o++) yrow[o] += wv * xrow[o * sw];
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardPlane(ConvGeometry g, float* dy, float* w, float* dx)
    {
        int ow = g.OutWidth, sw = g.StrideWidth;
        for (int oh = 0; oh < g.OutHeight; oh++)
        {
            float* dyrow = dy + oh * ow;
            for (int i = 0; i < g.KernelHeight; i++)
            {
                int ih = oh * g.StrideHeight - g.PadTop + i * g.DilationHeight;
                if ((uint)ih >= (uint)g.InHeight) continue;
                for (int j = 0; j < g.KernelWidth; j++)
                {
                    int offset = j * g.DilationWidth - g.PadLeft;
                    var (lo, hi) = ConvGeometry.ValidRange(offset, sw, g.InWidth, ow);
                    float wv = w[i * g.KernelWidth + j];
                    float* dxrow = dx + ih * g.InWidth + offset;
                    if (sw == 1)
                    {
                        var dst = new Span<float>(dxrow + lo, hi - lo);
                        TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(dyrow + lo, hi - lo), wv, dst, dst);
                    }
                    else
                    {
                        for (int o = lo; o < hi; o++) dxrow[o * sw] += wv * dyrow[o];
                    }
                }
            }
        }
    }
}
