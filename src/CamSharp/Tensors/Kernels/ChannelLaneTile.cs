using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The register tile of <see cref="ChannelLaneConv"/>: 14 wide columns (pixels) × 32 output
/// channels in 28 accumulators, the GEMM micro-kernel's shape with the roles of its operands
/// swapped. Per input channel and tap, two aligned loads of the weight panel and 14 broadcasts
/// straight from the padded input plane feed 28 fused multiply-adds: no im2col copy, and no
/// unaligned vector load that splits a cache line (what holds <see cref="DirectConvTile"/>
/// under the FMA ports' rate). Accumulation order: input channels, then taps, then the bias.
/// </summary>
internal static unsafe class ChannelLaneTile
{
    /// <summary>Wide columns (pixels) per tile, one broadcast each per step.</summary>
    public const int Pixels = 14;

    /// <summary>Output channels per tile: two vectors, the width of the weight panels.</summary>
    public const int Channels = 32;

    /// <summary>Floats of weights fetched ahead of the current step (16 steps, 2 KiB).</summary>
    private const int PrefetchAhead = 16 * Channels;

    /// <summary>
    /// For pixel r &lt; 14 and channel n &lt; 32: [tile[r·32 + n] when <paramref name="accumulate"/>] +
    /// Σ_c Σ_t w[(c·taps + t)·32 + n] · input[c·planeSize + offsets[t] + r] [+ bias[n] when
    /// <paramref name="bias"/> is not null] (<paramref name="input"/> points at the tile's first wide
    /// column in channel 0's plane), written as tile[r·32 + n] (<paramref name="tile"/> 64-byte
    /// aligned). A block of input channels at a time, the partial sums kept in the tile between blocks.
    /// </summary>
    public static void Run(float* input, nint planeSize, int channels, nint* offsets, int taps, float* w, float* bias, float* tile, bool accumulate)
    {
        Vector512<float> c00 = Start(tile, 0, accumulate), c01 = Start(tile, 16, accumulate), c10 = Start(tile, 32, accumulate), c11 = Start(tile, 48, accumulate);
        Vector512<float> c20 = Start(tile, 64, accumulate), c21 = Start(tile, 80, accumulate), c30 = Start(tile, 96, accumulate), c31 = Start(tile, 112, accumulate);
        Vector512<float> c40 = Start(tile, 128, accumulate), c41 = Start(tile, 144, accumulate), c50 = Start(tile, 160, accumulate), c51 = Start(tile, 176, accumulate);
        Vector512<float> c60 = Start(tile, 192, accumulate), c61 = Start(tile, 208, accumulate), c70 = Start(tile, 224, accumulate), c71 = Start(tile, 240, accumulate);
        Vector512<float> c80 = Start(tile, 256, accumulate), c81 = Start(tile, 272, accumulate), c90 = Start(tile, 288, accumulate), c91 = Start(tile, 304, accumulate);
        Vector512<float> c100 = Start(tile, 320, accumulate), c101 = Start(tile, 336, accumulate), c110 = Start(tile, 352, accumulate), c111 = Start(tile, 368, accumulate);
        Vector512<float> c120 = Start(tile, 384, accumulate), c121 = Start(tile, 400, accumulate), c130 = Start(tile, 416, accumulate), c131 = Start(tile, 432, accumulate);
        for (int c = 0; c < channels; c++)
        {
            float* p = input + c * planeSize;
            for (int t = 0; t < taps; t++, w += Channels)
            {
                float* a = p + offsets[t];
                var b0 = Vector512.LoadAligned(w);
                var b1 = Vector512.LoadAligned(w + 16);
                // Weights come from memory in a forward pass (each layer's once, the first tile of a group):
                // both lines of a step fetched ahead, or every step waits on a demand miss.
                Sse.Prefetch0(w + PrefetchAhead);
                Sse.Prefetch0(w + PrefetchAhead + 16);
                Vector512<float> x;
                x = Vector512.Create(a[0]); c00 = Avx512F.FusedMultiplyAdd(x, b0, c00); c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
                x = Vector512.Create(a[1]); c10 = Avx512F.FusedMultiplyAdd(x, b0, c10); c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
                x = Vector512.Create(a[2]); c20 = Avx512F.FusedMultiplyAdd(x, b0, c20); c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(a[3]); c30 = Avx512F.FusedMultiplyAdd(x, b0, c30); c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
                x = Vector512.Create(a[4]); c40 = Avx512F.FusedMultiplyAdd(x, b0, c40); c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
                x = Vector512.Create(a[5]); c50 = Avx512F.FusedMultiplyAdd(x, b0, c50); c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
                x = Vector512.Create(a[6]); c60 = Avx512F.FusedMultiplyAdd(x, b0, c60); c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
                x = Vector512.Create(a[7]); c70 = Avx512F.FusedMultiplyAdd(x, b0, c70); c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
                x = Vector512.Create(a[8]); c80 = Avx512F.FusedMultiplyAdd(x, b0, c80); c81 = Avx512F.FusedMultiplyAdd(x, b1, c81);
                x = Vector512.Create(a[9]); c90 = Avx512F.FusedMultiplyAdd(x, b0, c90); c91 = Avx512F.FusedMultiplyAdd(x, b1, c91);
                x = Vector512.Create(a[10]); c100 = Avx512F.FusedMultiplyAdd(x, b0, c100); c101 = Avx512F.FusedMultiplyAdd(x, b1, c101);
                x = Vector512.Create(a[11]); c110 = Avx512F.FusedMultiplyAdd(x, b0, c110); c111 = Avx512F.FusedMultiplyAdd(x, b1, c111);
                x = Vector512.Create(a[12]); c120 = Avx512F.FusedMultiplyAdd(x, b0, c120); c121 = Avx512F.FusedMultiplyAdd(x, b1, c121);
                x = Vector512.Create(a[13]); c130 = Avx512F.FusedMultiplyAdd(x, b0, c130); c131 = Avx512F.FusedMultiplyAdd(x, b1, c131);
            }
        }
        // The bias last, as the GEMM adds it (see DirectConvTile).
        var d0 = bias == null ? Vector512<float>.Zero : Vector512.Load(bias);
        var d1 = bias == null ? Vector512<float>.Zero : Vector512.Load(bias + 16);
        Put(tile, c00 + d0, c01 + d1);
        Put(tile + 32, c10 + d0, c11 + d1);
        Put(tile + 64, c20 + d0, c21 + d1);
        Put(tile + 96, c30 + d0, c31 + d1);
        Put(tile + 128, c40 + d0, c41 + d1);
        Put(tile + 160, c50 + d0, c51 + d1);
        Put(tile + 192, c60 + d0, c61 + d1);
        Put(tile + 224, c70 + d0, c71 + d1);
        Put(tile + 256, c80 + d0, c81 + d1);
        Put(tile + 288, c90 + d0, c91 + d1);
        Put(tile + 320, c100 + d0, c101 + d1);
        Put(tile + 352, c110 + d0, c111 + d1);
        Put(tile + 384, c120 + d0, c121 + d1);
        Put(tile + 416, c130 + d0, c131 + d1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Start(float* tile, int at, bool accumulate) => accumulate ? Vector512.LoadAligned(tile + at) : Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* row, Vector512<float> first, Vector512<float> second)
    {
        first.StoreAligned(row);
        second.StoreAligned(row + 16);
    }

    /// <summary>
    /// Channels [<paramref name="from"/>, <paramref name="from"/> + 16) of a tile (rows 14 and 15
    /// of <paramref name="tile"/> are scratch) turned into 16 per-channel vectors of its pixels by a
    /// register transpose, then the activation, then placed by <paramref name="place"/> into the
    /// first <paramref name="count"/> channels' planes (<paramref name="plane"/> floats apart from <paramref name="y"/>).
    /// </summary>
    public static void Store(float* tile, int from, int count, float* y, nint plane, in PixelPlacement place, Activation activation)
    {
        var m = stackalloc Vector512<float>[16];
        for (int r = 0; r < Pixels; r++) m[r] = Vector512.LoadAligned(tile + r * Channels + from);
        m[14] = Vector512<float>.Zero;
        m[15] = Vector512<float>.Zero;
        Transpose16.InPlace(m);
        bool clamp = activation.Kind is ActivationKind.Relu or ActivationKind.Clip, silu = activation.Kind == ActivationKind.Silu;
        var lo = Vector512.Create(activation.Kind == ActivationKind.Relu ? 0f : activation.Lo);
        var hi = Vector512.Create(activation.Kind == ActivationKind.Relu ? float.PositiveInfinity : activation.Hi);
        for (int n = 0; n < count; n++)
        {
            var v = m[n];
            // lo and hi first: Max and Min return their second operand when one is NaN.
            if (clamp) v = Avx512F.Min(hi, Avx512F.Max(lo, v));
            else if (silu) v = Logistic.Step512(v, silu: true);
            place.Put(y + n * plane, v);
        }
    }
}
