using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// A 16×16 float transpose in AVX-512 registers: 32-bit and 64-bit unpacks within 128-bit lanes,
/// then two rounds of 128-bit lane shuffles (64 shuffles for 256 floats, against 512 scalar
/// loads and stores). It turns 16 planes' pixels into 16-channel pixel vectors and back.
/// </summary>
internal static unsafe class Transpose16
{
    /// <summary>m[i][j] becomes m[j][i] for the 16 vectors at <paramref name="m"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InPlace(Vector512<float>* m)
    {
        // Within each 128-bit lane: rows 4k … 4k + 3 of columns 4i … 4i + 3, one column per vector.
        for (int k = 0; k < 16; k += 4)
        {
            var t0 = Avx512F.UnpackLow(m[k], m[k + 1]);
            var t1 = Avx512F.UnpackHigh(m[k], m[k + 1]);
            var t2 = Avx512F.UnpackLow(m[k + 2], m[k + 3]);
            var t3 = Avx512F.UnpackHigh(m[k + 2], m[k + 3]);
            m[k] = Avx512F.UnpackLow(t0.AsDouble(), t2.AsDouble()).AsSingle();
            m[k + 1] = Avx512F.UnpackHigh(t0.AsDouble(), t2.AsDouble()).AsSingle();
            m[k + 2] = Avx512F.UnpackLow(t1.AsDouble(), t3.AsDouble()).AsSingle();
            m[k + 3] = Avx512F.UnpackHigh(t1.AsDouble(), t3.AsDouble()).AsSingle();
        }
        // m[4r + c] now holds, in 128-bit lane i, rows 4r … 4r + 3 of column 4i + c. Gather lane i of the four row groups.
        for (int c = 0; c < 4; c++)
        {
            var v0 = Avx512F.Shuffle4x128(m[c], m[4 + c], 0x88);       // lanes 0, 2 of rows 0–3, then of rows 4–7
            var v1 = Avx512F.Shuffle4x128(m[c], m[4 + c], 0xDD);       // lanes 1, 3
            var v2 = Avx512F.Shuffle4x128(m[8 + c], m[12 + c], 0x88);
            var v3 = Avx512F.Shuffle4x128(m[8 + c], m[12 + c], 0xDD);
            var col0 = Avx512F.Shuffle4x128(v0, v2, 0x88);              // column c
            var col2 = Avx512F.Shuffle4x128(v0, v2, 0xDD);              // column 8 + c
            var col1 = Avx512F.Shuffle4x128(v1, v3, 0x88);              // column 4 + c
            var col3 = Avx512F.Shuffle4x128(v1, v3, 0xDD);              // column 12 + c
            m[c] = col0;
            m[4 + c] = col1;
            m[8 + c] = col2;
            m[12 + c] = col3;
        }
    }
}
