using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The register tile of <see cref="DirectConv"/>: eight output channels × 48 wide columns
/// (three vectors) in 24 accumulators. Per input channel and tap, three unaligned loads of the
/// padded input and eight weight broadcasts feed 24 fused multiply-adds, so the loads stay
/// well under the two FMA ports' rate. Accumulation order: input channels, then taps in
/// row-major order, then the bias (as the GEMM).
/// </summary>
internal static unsafe class DirectConvTile
{
    /// <summary>Output channels per tile (the weights are ordered in groups of this many).</summary>
    public const int Channels = 8;

    /// <summary>Wide columns per tile.</summary>
    public const int Width = 48;

    /// <summary>
    /// For channel k &lt; 8 and wide column j &lt; 48: bias[k] + Σ_c Σ_t w[(c·taps + t)·8 + k] ·
    /// input[c·planeSize + offsets[t] + j] (<paramref name="input"/> points at the tile's first
    /// wide column of channel 0), placed in the output by <paramref name="store"/> (which
    /// applies Relu or Clip); or, when <paramref name="tile"/> is not null, written to
    /// tile[k·48 + j] for another activation to run over first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* input, nint planeSize, int channels, nint* offsets, int taps, float* w, float* bias, in DirectConvStore store, float* tile)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a10 = default, a11 = default, a12 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a30 = default, a31 = default, a32 = default;
        Vector512<float> a40 = default, a41 = default, a42 = default, a50 = default, a51 = default, a52 = default;
        Vector512<float> a60 = default, a61 = default, a62 = default, a70 = default, a71 = default, a72 = default;
        for (int c = 0; c < channels; c++)
        {
            float* p = input + c * planeSize;
            for (int t = 0; t < taps; t++, w += Channels)
            {
                float* q = p + offsets[t];
                var v0 = Vector512.Load(q);
                var v1 = Vector512.Load(q + 16);
                var v2 = Vector512.Load(q + 32);
                var x = Vector512.Create(w[0]);
                a00 = Vector512.FusedMultiplyAdd(x, v0, a00); a01 = Vector512.FusedMultiplyAdd(x, v1, a01); a02 = Vector512.FusedMultiplyAdd(x, v2, a02);
                x = Vector512.Create(w[1]);
                a10 = Vector512.FusedMultiplyAdd(x, v0, a10); a11 = Vector512.FusedMultiplyAdd(x, v1, a11); a12 = Vector512.FusedMultiplyAdd(x, v2, a12);
                x = Vector512.Create(w[2]);
                a20 = Vector512.FusedMultiplyAdd(x, v0, a20); a21 = Vector512.FusedMultiplyAdd(x, v1, a21); a22 = Vector512.FusedMultiplyAdd(x, v2, a22);
                x = Vector512.Create(w[3]);
                a30 = Vector512.FusedMultiplyAdd(x, v0, a30); a31 = Vector512.FusedMultiplyAdd(x, v1, a31); a32 = Vector512.FusedMultiplyAdd(x, v2, a32);
                x = Vector512.Create(w[4]);
                a40 = Vector512.FusedMultiplyAdd(x, v0, a40); a41 = Vector512.FusedMultiplyAdd(x, v1, a41); a42 = Vector512.FusedMultiplyAdd(x, v2, a42);
                x = Vector512.Create(w[5]);
                a50 = Vector512.FusedMultiplyAdd(x, v0, a50); a51 = Vector512.FusedMultiplyAdd(x, v1, a51); a52 = Vector512.FusedMultiplyAdd(x, v2, a52);
                x = Vector512.Create(w[6]);
                a60 = Vector512.FusedMultiplyAdd(x, v0, a60); a61 = Vector512.FusedMultiplyAdd(x, v1, a61); a62 = Vector512.FusedMultiplyAdd(x, v2, a62);
                x = Vector512.Create(w[7]);
                a70 = Vector512.FusedMultiplyAdd(x, v0, a70); a71 = Vector512.FusedMultiplyAdd(x, v1, a71); a72 = Vector512.FusedMultiplyAdd(x, v2, a72);
            }
        }
        // The bias last, as the GEMM adds it: the products' sum is not rounded at the bias's scale
        // at every step, which would blur the small differences a max pool or ReLU downstream decides on.
        var bv = Vector512.Create(bias[0]); a00 += bv; a01 += bv; a02 += bv;
        bv = Vector512.Create(bias[1]); a10 += bv; a11 += bv; a12 += bv;
        bv = Vector512.Create(bias[2]); a20 += bv; a21 += bv; a22 += bv;
        bv = Vector512.Create(bias[3]); a30 += bv; a31 += bv; a32 += bv;
        bv = Vector512.Create(bias[4]); a40 += bv; a41 += bv; a42 += bv;
        bv = Vector512.Create(bias[5]); a50 += bv; a51 += bv; a52 += bv;
        bv = Vector512.Create(bias[6]); a60 += bv; a61 += bv; a62 += bv;
        bv = Vector512.Create(bias[7]); a70 += bv; a71 += bv; a72 += bv;
        if (tile != null)
        {
            // Another activation: stored for it to run over, then placed.
            a00.Store(tile); a01.Store(tile + 16); a02.Store(tile + 32);
            a10.Store(tile + 48); a11.Store(tile + 64); a12.Store(tile + 80);
            a20.Store(tile + 96); a21.Store(tile + 112); a22.Store(tile + 128);
            a30.Store(tile + 144); a31.Store(tile + 160); a32.Store(tile + 176);
            a40.Store(tile + 192); a41.Store(tile + 208); a42.Store(tile + 224);
            a50.Store(tile + 240); a51.Store(tile + 256); a52.Store(tile + 272);
            a60.Store(tile + 288); a61.Store(tile + 304); a62.Store(tile + 320);
            a70.Store(tile + 336); a71.Store(tile + 352); a72.Store(tile + 368);
            return;
        }
        float* y = store.Output;
        nint plane = store.PlaneSize;
        int rows = store.Rows;
        store.Put(y, a00, a01, a02);
        if (rows > 1) store.Put(y + plane, a10, a11, a12);
        if (rows > 2) store.Put(y + 2 * plane, a20, a21, a22);
        if (rows > 3) store.Put(y + 3 * plane, a30, a31, a32);
        if (rows > 4) store.Put(y + 4 * plane, a40, a41, a42);
        if (rows > 5) store.Put(y + 5 * plane, a50, a51, a52);
        if (rows > 6) store.Put(y + 6 * plane, a60, a61, a62);
        if (rows > 7) store.Put(y + 7 * plane, a70, a71, a72);
    }
}
