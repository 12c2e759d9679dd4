using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The register tile of <see cref="DirectConv256"/>: four output channels × 24 wide columns
/// (three 256-bit vectors) in 12 accumulators, which with three input vectors and one broadcast
/// fill AVX2's 16 registers. Per input channel and tap, three unaligned loads and four weight
/// broadcasts feed 12 fused multiply-adds (enough independent sums to cover the FMA latency on
/// both ports). Accumulation order: input channels, then taps in row-major order, then the bias
/// (as <see cref="DirectConvTile"/> and the GEMM).
/// </summary>
internal static unsafe class DirectConvTile256
{
    /// <summary>Output channels per tile: half of a <see cref="DirectConvWeights"/> block of eight.</summary>
    public const int Channels = 4;

    /// <summary>Wide columns per tile.</summary>
    public const int Width = 24;

    /// <summary>Floats from one step's weights to the next: the weights are ordered in blocks of eight channels.</summary>
    private const int WeightStep = DirectConvTile.Channels;

    /// <summary>
    /// For channel k &lt; 4 and wide column j &lt; 24: bias[k] + Σ_s w[s·8 + k] · input[offsets[s] + j],
    /// s over the <paramref name="steps"/> (input channel, tap) pairs in order, offsets[c·taps + t] =
    /// c·planeSize + the tap's offset (<paramref name="input"/> points at the tile's first
    /// wide column of channel 0, <paramref name="w"/> at the tile's first channel in its block of eight),
    /// placed in the planes from <paramref name="y"/> (<paramref name="plane"/> apart, the first
    /// <paramref name="rows"/> channels) by <paramref name="store"/>, which applies Relu or Clip.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* input, nint* offsets, int steps, float* w, float* bias,
        float* y, nint plane, int rows, in DirectConvStore256 store)
    {
        Vector256<float> a00 = default, a01 = default, a02 = default, a10 = default, a11 = default, a12 = default;
        Vector256<float> a20 = default, a21 = default, a22 = default, a30 = default, a31 = default, a32 = default;
        // One loop over (channel, tap) steps, not one per channel: the stems have 3 channels of 9 taps, and each
        // inner loop's exit was a mispredicted branch in a tile of only 27 steps.
        for (int s = 0; s < steps; s++, w += WeightStep)
        {
            float* q = input + offsets[s];
            var v0 = Avx.LoadVector256(q);
            var v1 = Avx.LoadVector256(q + 8);
            var v2 = Avx.LoadVector256(q + 16);
            var x = Avx.BroadcastScalarToVector256(w);
            a00 = Fma.MultiplyAdd(x, v0, a00); a01 = Fma.MultiplyAdd(x, v1, a01); a02 = Fma.MultiplyAdd(x, v2, a02);
            x = Avx.BroadcastScalarToVector256(w + 1);
            a10 = Fma.MultiplyAdd(x, v0, a10); a11 = Fma.MultiplyAdd(x, v1, a11); a12 = Fma.MultiplyAdd(x, v2, a12);
            x = Avx.BroadcastScalarToVector256(w + 2);
            a20 = Fma.MultiplyAdd(x, v0, a20); a21 = Fma.MultiplyAdd(x, v1, a21); a22 = Fma.MultiplyAdd(x, v2, a22);
            x = Avx.BroadcastScalarToVector256(w + 3);
            a30 = Fma.MultiplyAdd(x, v0, a30); a31 = Fma.MultiplyAdd(x, v1, a31); a32 = Fma.MultiplyAdd(x, v2, a32);
        }
        // The bias last, as the GEMM adds it (see DirectConvTile).
        var bv = Avx.BroadcastScalarToVector256(bias); a00 += bv; a01 += bv; a02 += bv;
        bv = Avx.BroadcastScalarToVector256(bias + 1); a10 += bv; a11 += bv; a12 += bv;
        bv = Avx.BroadcastScalarToVector256(bias + 2); a20 += bv; a21 += bv; a22 += bv;
        bv = Avx.BroadcastScalarToVector256(bias + 3); a30 += bv; a31 += bv; a32 += bv;
        store.Put(y, a00, a01, a02);
        if (rows > 1) store.Put(y + plane, a10, a11, a12);
        if (rows > 2) store.Put(y + 2 * plane, a20, a21, a22);
        if (rows > 3) store.Put(y + 3 * plane, a30, a31, a32);
    }
}
