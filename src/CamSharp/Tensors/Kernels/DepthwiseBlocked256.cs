using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Depthwise convolution on small maps (MobileNet's 14×14 and 7×7, YOLOX's 13×13) with AVX2,
/// eight channels at a time, as ONNX Runtime's NCHWc8 layout does: the AVX2 twin of
/// <see cref="DepthwiseBlocked"/>. A row kernel spends more on a short row's edges (masked loads
/// and partial vectors) than on its few products; here a block of 8 planes is interleaved into
/// a zero-padded pixel-major buffer (8 channels per pixel), so every output pixel of all 8
/// channels is one vector: bias, then one fused multiply-add per tap in row-major order, for any
/// kernel size, stride and dilation; Relu or Clip in the register, SiLU once over the block. Both
/// layout changes are 8×8 register transposes (<see cref="Transpose8"/>).
/// </summary>
internal static unsafe class DepthwiseBlocked256
{
    /// <summary>Channels per vector and block.</summary>
    private const int Lanes = 8;

    /// <summary>Output rows at most this wide: wider rows fill the row kernel's vectors well.</summary>
    private const int MaxOutWidth = 16;

    /// <summary>Taps held in a stack table.</summary>
    private const int MaxTaps = 64;

    public static bool Applies(ConvGeometry g) =>
        Avx2.IsSupported && Fma.IsSupported && g.InChannels % Lanes == 0 && g.OutWidth <= MaxOutWidth
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
            var (lo, hi) = DepthwiseEpilogue256.Bounds(activation);
            for (int block = b0; block < b1; block++)
            {
                int c0 = block * Lanes % g.InChannels;
                for (int l = 0; l < Lanes; l++)
                {
                    for (int t = 0; t < taps; t++) weights[t * Lanes + l] = w[(nint)(c0 + l) * taps + t];
                    biases[l] = bias != null ? bias[c0 + l] : 0f;
                }
                Interleave(x + (nint)block * Lanes * g.InSize, g.InSize, pixelOffsets, input);
                switch (activation.Kind)
                {
                    case ActivationKind.Relu or ActivationKind.Clip:
                        Compute<ClampActivation256>(g, input, paddedWidth, weights, biases, tapOffsets, taps, output, lo, hi);
                        break;
                    default:
                        Compute<NoActivation256>(g, input, paddedWidth, weights, biases, tapOffsets, taps, output, lo, hi);
                        // SiLU once over the block while it is in L1: its constants would crowd the taps out of the registers.
                        if (activation.Kind == ActivationKind.Silu) Logistic.Silu(new ReadOnlySpan<float>(output, outputFloats), new Span<float>(output, outputFloats));
                        break;
                }
                Deinterleave(output, g.OutSize, y + (nint)block * Lanes * g.OutSize);
            }
        });
    }

    /// <summary>
    /// buffer[offsets[q] + l] = plane l's pixel q, 8 pixels of all 8 planes per transpose. A plane's last partial group
    /// is read whole when the read stays in the block (its spare lanes are the next plane's, and go nowhere).
    /// </summary>
    private static void Interleave(float* planes, int pixels, int* offsets, float* buffer)
    {
        var m = stackalloc Vector256<float>[Lanes];
        int block = Lanes * pixels;
        for (int q = 0; q < pixels; q += Lanes)
        {
            int n = Math.Min(Lanes, pixels - q);
            for (int l = 0; l < Lanes; l++)
            {
                int at = l * pixels + q;
                m[l] = at + Lanes <= block ? Avx.LoadVector256(planes + at) : Avx.MaskLoad(planes + at, DepthwiseEpilogue256.Inside(at, block));
            }
            Transpose8.InPlace(m);
            for (int i = 0; i < n; i++) Avx.Store(buffer + offsets[q + i], m[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Compute<TActivation>(ConvGeometry g, float* input, int paddedWidth, float* weights, float* biases, nint* tapOffsets, int taps,
        float* output, Vector256<float> lo, Vector256<float> hi) where TActivation : struct, IVectorActivation256
    {
        if (g.KernelHeight == 3 && g.KernelWidth == 3 && g.DilationHeight == 1 && g.DilationWidth == 1)
        {
            Compute3x3<TActivation>(g, input, paddedWidth, weights, biases, output, lo, hi);
            return;
        }
        var b = Avx.LoadVector256(biases);
        for (int oh = 0; oh < g.OutHeight; oh++)
        {
            float* rowBase = input + (nint)oh * g.StrideHeight * paddedWidth * Lanes;
            float* outRow = output + (nint)oh * g.OutWidth * Lanes;
            for (int ow = 0; ow < g.OutWidth; ow++)
            {
                float* p = rowBase + (nint)ow * g.StrideWidth * Lanes;
                var acc = b;
                for (int t = 0; t < taps; t++) acc = Fma.MultiplyAdd(Avx.LoadVector256(weights + t * Lanes), Avx.LoadVector256(p + tapOffsets[t]), acc);
                Avx.Store(outRow + (nint)ow * Lanes, TActivation.Apply(acc, lo, hi));
            }
        }
    }

    /// <summary><see cref="Compute"/> for MobileNet's and YOLOX's 3×3: the nine weight vectors stay in registers, the taps unrolled (same order).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compute3x3<TActivation>(ConvGeometry g, float* input, int paddedWidth, float* weights, float* biases, float* output,
        Vector256<float> lo, Vector256<float> hi) where TActivation : struct, IVectorActivation256
    {
        var w0 = Avx.LoadVector256(weights); var w1 = Avx.LoadVector256(weights + 8); var w2 = Avx.LoadVector256(weights + 16);
        var w3 = Avx.LoadVector256(weights + 24); var w4 = Avx.LoadVector256(weights + 32); var w5 = Avx.LoadVector256(weights + 40);
        var w6 = Avx.LoadVector256(weights + 48); var w7 = Avx.LoadVector256(weights + 56); var w8 = Avx.LoadVector256(weights + 64);
        var b = Avx.LoadVector256(biases);
        nint row = (nint)paddedWidth * Lanes, step = (nint)g.StrideWidth * Lanes;
        float* o = output;
        for (int oh = 0; oh < g.OutHeight; oh++)
        {
            float* p = input + oh * g.StrideHeight * row;
            int ow = 0;
            // Two pixels at a time: two independent chains of nine fused multiply-adds overlap their latency.
            for (; ow + 2 <= g.OutWidth; ow += 2, p += 2 * step, o += 2 * Lanes)
            {
                float* s = p + step;
                var acc = Fma.MultiplyAdd(Avx.LoadVector256(p), w0, b);
                var acd = Fma.MultiplyAdd(Avx.LoadVector256(s), w0, b);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + Lanes), w1, acc);
                acd = Fma.MultiplyAdd(Avx.LoadVector256(s + Lanes), w1, acd);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + 2 * Lanes), w2, acc);
                acd = Fma.MultiplyAdd(Avx.LoadVector256(s + 2 * Lanes), w2, acd);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + row), w3, acc);
                acd = Fma.MultiplyAdd(Avx.LoadVector256(s + row), w3, acd);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + row + Lanes), w4, acc);
                acd = Fma.MultiplyAdd(Avx.LoadVector256(s + row + Lanes), w4, acd);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + row + 2 * Lanes), w5, acc);
                acd = Fma.MultiplyAdd(Avx.LoadVector256(s + row + 2 * Lanes), w5, acd);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + 2 * row), w6, acc);
                acd = Fma.MultiplyAdd(Avx.LoadVector256(s + 2 * row), w6, acd);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + 2 * row + Lanes), w7, acc);
                acd = Fma.MultiplyAdd(Avx.LoadVector256(s + 2 * row + Lanes), w7, acd);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + 2 * row + 2 * Lanes), w8, acc);
                acd = Fma.MultiplyAdd(Avx.LoadVector256(s + 2 * row + 2 * Lanes), w8, acd);
                Avx.Store(o, TActivation.Apply(acc, lo, hi));
                Avx.Store(o + Lanes, TActivation.Apply(acd, lo, hi));
            }
            for (; ow < g.OutWidth; ow++, p += step, o += Lanes)
            {
                var acc = Fma.MultiplyAdd(Avx.LoadVector256(p), w0, b);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + Lanes), w1, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + 2 * Lanes), w2, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + row), w3, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + row + Lanes), w4, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + row + 2 * Lanes), w5, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + 2 * row), w6, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + 2 * row + Lanes), w7, acc);
                acc = Fma.MultiplyAdd(Avx.LoadVector256(p + 2 * row + 2 * Lanes), w8, acc);
                Avx.Store(o, TActivation.Apply(acc, lo, hi));
            }
        }
    }

    /// <summary>
    /// plane l's pixel q = buffer[q·8 + l], 8 pixels of all 8 planes per transpose. The last partial group goes first and
    /// is stored whole where the store stays in the block: its spare lanes land in later planes, which are stored after
    /// (plane l after l − 1) or, for pixels 0 … 7, by the whole groups that follow.
    /// </summary>
    private static void Deinterleave(float* buffer, int pixels, float* planes)
    {
        var m = stackalloc Vector256<float>[Lanes];
        int block = Lanes * pixels, whole = pixels / Lanes * Lanes;
        if (whole < pixels) DeinterleaveGroup(buffer, pixels, planes, whole, m, block);
        for (int q = 0; q < whole; q += Lanes) DeinterleaveGroup(buffer, pixels, planes, q, m, block);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DeinterleaveGroup(float* buffer, int pixels, float* planes, int q, Vector256<float>* m, int block)
    {
        int n = Math.Min(Lanes, pixels - q);
        for (int i = 0; i < Lanes; i++) m[i] = i < n ? Avx.LoadVector256(buffer + (nint)(q + i) * Lanes) : Vector256<float>.Zero;
        Transpose8.InPlace(m);
        for (int l = 0; l < Lanes; l++)
        {
            int at = l * pixels + q;
            if (at + Lanes <= block) Avx.Store(planes + at, m[l]);
            else Avx.MaskStore(planes + at, DepthwiseEpilogue256.Inside(at, block), m[l]);
        }
    }
}
