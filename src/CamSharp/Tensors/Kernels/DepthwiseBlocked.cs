using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Depthwise convolution on small maps (MobileNet's 14×14 and 7×7, YOLOX's 13×13), sixteen
/// channels at a time, as ONNX Runtime's NCHWc layout does: a plane-by-plane kernel spends
/// more on each plane's padded copy, short rows and partial vectors than on its few products
/// (a 7×7 plane has 49 outputs). Here a block of 16 planes is interleaved into a zero-padded
/// pixel-major buffer (16 channels per pixel), so every output pixel of all 16 channels is
/// one vector: bias, then one fused multiply-add per tap in row-major order, for any kernel
/// size, stride and dilation. The activation runs once over the block; the result is
/// de-interleaved into the planes.
/// </summary>
internal static unsafe class DepthwiseBlocked
{
    /// <summary>Channels per vector and block.</summary>
    private const int Lanes = 16;

    /// <summary>Output rows at most this wide: wider rows fill the plane kernel's vectors well.</summary>
    private const int MaxOutWidth = 16;

    /// <summary>Taps held in a stack table.</summary>
    private const int MaxTaps = 64;

    public static bool Applies(ConvGeometry g) =>
        Vector512.IsHardwareAccelerated && g.InChannels % Lanes == 0 && g.OutWidth <= MaxOutWidth
        && g.KernelHeight * g.KernelWidth <= MaxTaps;

    /// <summary>y = f(depthwise(x, w) + bias) over all Batch × Channels planes.</summary>
    public static void Forward(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation)
    {
        // Blocks never straddle two images: the channel count is a multiple of the block.
        int blocks = g.Batch * g.InChannels / Lanes, taps = g.KernelHeight * g.KernelWidth;
        int paddedHeight = Math.Max(g.PadTop + g.InHeight, (g.OutHeight - 1) * g.StrideHeight + (g.KernelHeight - 1) * g.DilationHeight + 1);
        int paddedWidth = Math.Max(g.PadLeft + g.InWidth, (g.OutWidth - 1) * g.StrideWidth + (g.KernelWidth - 1) * g.DilationWidth + 1);
        int inputFloats = paddedHeight * paddedWidth * Lanes, outputFloats = g.OutSize * Lanes;
        CoarseParallel.ForChunks(blocks, (long)Lanes * g.OutSize * taps, (b0, b1) =>
        {
            float* input = SgemmScratch.PackB(inputFloats + outputFloats + (taps + 1) * Lanes);
            float* output = input + inputFloats, weights = output + outputFloats, biases = weights + taps * Lanes;
            nint* tapOffsets = stackalloc nint[taps];
            for (int i = 0; i < g.KernelHeight; i++)
                for (int j = 0; j < g.KernelWidth; j++)
                    tapOffsets[i * g.KernelWidth + j] = ((nint)i * g.DilationHeight * paddedWidth + j * g.DilationWidth) * Lanes;
            for (int block = b0; block < b1; block++)
            {
                int c0 = block * Lanes % g.InChannels;
                for (int l = 0; l < Lanes; l++)
                {
                    for (int t = 0; t < taps; t++) weights[t * Lanes + l] = w[(nint)(c0 + l) * taps + t];
                    biases[l] = bias != null ? bias[c0 + l] : 0f;
                }
                Interleave(g, x + (nint)block * Lanes * g.InSize, paddedWidth, input, inputFloats);
                Compute(g, input, paddedWidth, weights, biases, tapOffsets, taps, output);
                activation.Apply(new Span<float>(output, outputFloats));
                Deinterleave(output, g.OutSize, y + (nint)block * Lanes * g.OutSize);
            }
        });
    }

    /// <summary>buffer[((ih + PadTop)·paddedWidth + iw + PadLeft)·16 + l] = plane l's (ih, iw); zeros around.</summary>
    private static void Interleave(ConvGeometry g, float* planes, int paddedWidth, float* buffer, int floats)
    {
        new Span<float>(buffer, floats).Clear();
        for (int l = 0; l < Lanes; l++)
        {
            float* src = planes + (nint)l * g.InSize;
            for (int ih = 0; ih < g.InHeight; ih++)
            {
                float* dst = buffer + ((nint)(ih + g.PadTop) * paddedWidth + g.PadLeft) * Lanes + l;
                float* row = src + (nint)ih * g.InWidth;
                for (int iw = 0; iw < g.InWidth; iw++) dst[iw * Lanes] = row[iw];
            }
        }
    }

    private static void Compute(ConvGeometry g, float* input, int paddedWidth, float* weights, float* biases, nint* tapOffsets, int taps,
        float* output)
    {
        var b = Vector512.Load(biases);
        for (int oh = 0; oh < g.OutHeight; oh++)
        {
            float* rowBase = input + (nint)oh * g.StrideHeight * paddedWidth * Lanes;
            float* outRow = output + (nint)oh * g.OutWidth * Lanes;
            for (int ow = 0; ow < g.OutWidth; ow++)
            {
                float* p = rowBase + (nint)ow * g.StrideWidth * Lanes;
                var acc = b;
                for (int t = 0; t < taps; t++)
                    acc = Vector512.FusedMultiplyAdd(Vector512.Load(weights + t * Lanes), Vector512.Load(p + tapOffsets[t]), acc);
                acc.Store(outRow + (nint)ow * Lanes);
            }
        }
    }

    /// <summary>plane l's pixel q = buffer[q·16 + l].</summary>
    private static void Deinterleave(float* buffer, int pixels, float* planes)
    {
        for (int l = 0; l < Lanes; l++)
        {
            float* dst = planes + (nint)l * pixels;
            for (int q = 0; q < pixels; q++) dst[q] = buffer[q * Lanes + l];
        }
    }
}
