using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// An 8×8 float transpose in AVX registers: 32-bit unpacks and 64-bit shuffles within 128-bit
/// lanes, then one round of 128-bit lane swaps (24 shuffles for 64 floats). It turns 8 planes'
/// pixels into 8-channel pixel vectors and back (<see cref="DepthwiseBlocked256"/>).
/// </summary>
internal static unsafe class Transpose8
{
    /// <summary>m[i][j] becomes m[j][i] for the 8 vectors at <paramref name="m"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InPlace(Vector256<float>* m)
    {
        // Pairs of rows interleaved: t0 = r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5], …
        var t0 = Avx.UnpackLow(m[0], m[1]);
        var t1 = Avx.UnpackHigh(m[0], m[1]);
        var t2 = Avx.UnpackLow(m[2], m[3]);
        var t3 = Avx.UnpackHigh(m[2], m[3]);
        var t4 = Avx.UnpackLow(m[4], m[5]);
        var t5 = Avx.UnpackHigh(m[4], m[5]);
        var t6 = Avx.UnpackLow(m[6], m[7]);
        var t7 = Avx.UnpackHigh(m[6], m[7]);
        // Rows 0–3 of columns c and c + 4 in the two halves: u0 = r0..3[0] | r0..3[4], u1 = [1] | [5], u2 = [2] | [6], u3 = [3] | [7].
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        // Low halves of rows 0–3 and 4–7 make columns 0–3, the high halves columns 4–7.
        m[0] = Avx.Permute2x128(u0, u4, 0x20);
        m[1] = Avx.Permute2x128(u1, u5, 0x20);
        m[2] = Avx.Permute2x128(u2, u6, 0x20);
        m[3] = Avx.Permute2x128(u3, u7, 0x20);
        m[4] = Avx.Permute2x128(u0, u4, 0x31);
        m[5] = Avx.Permute2x128(u1, u5, 0x31);
        m[6] = Avx.Permute2x128(u2, u6, 0x31);
        m[7] = Avx.Permute2x128(u3, u7, 0x31);
    }
}
