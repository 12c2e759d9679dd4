using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Depthwise convolution on small maps (MobileNet's 14×14 and 7×7, YOLOX's 13×13), sixteen
/// channels at a time, as ONNX Runtime's NCHWc layout does: a plane-by-plane kernel spends
/// more on each plane's padded copy, short rows and partial vectors than on its few products
/// (a 7×7 plane has 49 outputs). Here a block of 16 planes is interleaved into a zero-padded
/// pixel-major buffer (16 channels per pixel), so every output pixel of all 16 channels is
/// one vector: bias, then one fused multiply-add per tap in row-major order, for any kernel
/// size, stride and dilation. The activation runs once over the block; the result is
/// de-interleaved into the planes. Both layout changes are 16×16 register transposes
/// (<see cref="Transpose16"/>).
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
        Avx512F.IsSupported && g.InChannels % Lanes == 0 && g.OutWidth <= MaxOutWidth
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
            float* input = SgemmScratch.PackB(inputFloats + outputFloats + (taps + 1) * Lanes + g.InSize);
            float* output = input + inputFloats, weights = output + outputFloats, biases = weights + taps * Lanes;
            // Where each input pixel goes in the padded buffer; the padding itself is written once, here, and never again.
            int* pixelOffsets = (int*)(biases + Lanes);
            for (int q = 0; q < g.InSize; q++)
                pixelOffsets[q] = ((q / g.InWidth + g.PadTop) * paddedWidth + q % g.InWidth + g.PadLeft) * Lanes;
            new Span<float>(input, inputFloats).Clear();
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
                Interleave(x + (nint)block * Lanes * g.InSize, g.InSize, pixelOffsets, input);
                Compute(g, input, paddedWidth, weights, biases, tapOffsets, taps, output);
                activation.Apply(new Span<float>(output, outputFloats));
                Deinterleave(output, g.OutSize, y + (nint)block * Lanes * g.OutSize);
            }
        });
    }

    /// <summary>buffer[offsets[q] + l] = plane l's pixel q, 16 pixels of all 16 planes per transpose.</summary>
    private static void Interleave(float* planes, int pixels, int* offsets, float* buffer)
    {
        var m = stackalloc Vector512<float>[Lanes];
        for (int q = 0; q < pixels; q += Lanes)
        {
            int n = Math.Min(Lanes, pixels - q);
            var valid = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(n)).AsSingle();
            for (int l = 0; l < Lanes; l++) m[l] = Avx512F.MaskLoad(planes + (nint)l * pixels + q, valid, Vector512<float>.Zero);
            Transpose16.InPlace(m);
            for (int i = 0; i < n; i++) m[i].Store(buffer + offsets[q + i]);
        }
    }

    private static void Compute(ConvGeometry g, float* input, int paddedWidth, float* weights, float* biases, nint* tapOffsets, int taps,
        float* output)
    {
        if (g.KernelHeight == 3 && g.KernelWidth == 3 && g.DilationHeight == 1 && g.DilationWidth == 1)
        {
            Compute3x3(g, input, paddedWidth, weights, biases, output);
            return;
        }
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

    /// <summary><see cref="Compute"/> for MobileNet's and YOLOX's 3×3: the nine weight vectors stay in registers, the taps unrolled (same order).</summary>
    private static void Compute3x3(ConvGeometry g, float* input, int paddedWidth, float* weights, float* biases, float* output)
    {
        var w0 = Vector512.Load(weights); var w1 = Vector512.Load(weights + 16); var w2 = Vector512.Load(weights + 32);
        var w3 = Vector512.Load(weights + 48); var w4 = Vector512.Load(weights + 64); var w5 = Vector512.Load(weights + 80);
        var w6 = Vector512.Load(weights + 96); var w7 = Vector512.Load(weights + 112); var w8 = Vector512.Load(weights + 128);
        var b = Vector512.Load(biases);
        nint row = (nint)paddedWidth * Lanes, step = (nint)g.StrideWidth * Lanes;
        for (int oh = 0; oh < g.OutHeight; oh++)
        {
            float* p = input + oh * g.StrideHeight * row;
            float* outRow = output + (nint)oh * g.OutWidth * Lanes;
            for (int ow = 0; ow < g.OutWidth; ow++, p += step)
            {
                var acc = Vector512.FusedMultiplyAdd(w0, Vector512.Load(p), b);
                acc = Vector512.FusedMultiplyAdd(w1, Vector512.Load(p + Lanes), acc);
                acc = Vector512.FusedMultiplyAdd(w2, Vector512.Load(p + 2 * Lanes), acc);
                acc = Vector512.FusedMultiplyAdd(w3, Vector512.Load(p + row), acc);
                acc = Vector512.FusedMultiplyAdd(w4, Vector512.Load(p + row + Lanes), acc);
                acc = Vector512.FusedMultiplyAdd(w5, Vector512.Load(p + row + 2 * Lanes), acc);
                acc = Vector512.FusedMultiplyAdd(w6, Vector512.Load(p + 2 * row), acc);
                acc = Vector512.FusedMultiplyAdd(w7, Vector512.Load(p + 2 * row + Lanes), acc);
                acc = Vector512.FusedMultiplyAdd(w8, Vector512.Load(p + 2 * row + 2 * Lanes), acc);
                acc.Store(outRow + (nint)ow * Lanes);
            }
        }
    }

    /// <summary>plane l's pixel q = buffer[q·16 + l], 16 pixels of all 16 planes per transpose.</summary>
    private static void Deinterleave(float* buffer, int pixels, float* planes)
    {
        var m = stackalloc Vector512<float>[Lanes];
        for (int q = 0; q < pixels; q += Lanes)
        {
            int n = Math.Min(Lanes, pixels - q);
            for (int i = 0; i < Lanes; i++) m[i] = i < n ? Vector512.Load(buffer + (nint)(q + i) * Lanes) : Vector512<float>.Zero;
            Transpose16.InPlace(m);
            var valid = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(n)).AsSingle();
            for (int l = 0; l < Lanes; l++) Avx512F.MaskStore(planes + (nint)l * pixels + q, valid, m[l]);
        }
    }
}
