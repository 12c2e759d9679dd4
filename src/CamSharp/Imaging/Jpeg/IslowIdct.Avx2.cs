using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// The same integer IDCT on AVX2: each pass runs the butterfly on eight 8-lane vectors (one
/// per row, lanes are columns), with a transpose between and after the passes. Integer
/// arithmetic is identical to the scalar version, so the output is too.
/// </summary>
internal static partial class IslowIdct
{
    internal static void TransformAvx2(ReadOnlySpan<short> coef, ReadOnlySpan<ushort> quant, Span<byte> output, int stride)
    {
        if (coef.Length < 64 || quant.Length < 64 || output.Length < 7 * stride + 8) throw new ArgumentException("IDCT block or output too small.");
        ref short c = ref MemoryMarshal.GetReference(coef);
        ref ushort q = ref MemoryMarshal.GetReference(quant);
        Vector256<int> s0 = Load(ref c, ref q, 0), s1 = Load(ref c, ref q, 1), s2 = Load(ref c, ref q, 2), s3 = Load(ref c, ref q, 3);
        Vector256<int> s4 = Load(ref c, ref q, 4), s5 = Load(ref c, ref q, 5), s6 = Load(ref c, ref q, 6), s7 = Load(ref c, ref q, 7);

        // Pass 1 on columns (lanes), then transpose so that pass 2 works on rows.
        Butterfly(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, ConstBits - Pass1Bits);
        Transpose(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
        Butterfly(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, ConstBits + Pass1Bits + 3);
        Transpose(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);

        ref byte o = ref MemoryMarshal.GetReference(output);
        Store(ref o, stride, 0, s0, s1, s2, s3);
        Store(ref o, stride, 4, s4, s5, s6, s7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Load(ref short c, ref ushort q, int row)
    {
        var cv = Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref c, (nuint)(8 * row)));
        var qv = Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref q, (nuint)(8 * row)));
        return cv * qv;
    }

    /// <summary>Level shift, clamp to 0..255 and write four rows of eight bytes starting at <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref byte o, int stride, int row, Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d)
    {
        var centre = Vector256.Create(128);
        var lo = Vector256<int>.Zero;
        var hi = Vector256.Create(255);
        a = Vector256.Min(Vector256.Max(a + centre, lo), hi);
        b = Vector256.Min(Vector256.Max(b + centre, lo), hi);
        c = Vector256.Min(Vector256.Max(c + centre, lo), hi);
        d = Vector256.Min(Vector256.Max(d + centre, lo), hi);
        var bytes = Vector256.Narrow(Vector256.Narrow(a, b), Vector256.Narrow(c, d)).AsUInt64();
        for (int i = 0; i < 4; i++)
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, (row + i) * stride), bytes.GetElement(i));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(ref Vector256<int> s0, ref Vector256<int> s1, ref Vector256<int> s2, ref Vector256<int> s3,
        ref Vector256<int> s4, ref Vector256<int> s5, ref Vector256<int> s6, ref Vector256<int> s7, int shift)
    {
        var round = Vector256.Create(1 << (shift - 1));
        // Even part.
        var z1 = (s2 + s6) * Vector256.Create(Fix0_541196100);
        var tmp2 = z1 - s6 * Vector256.Create(Fix1_847759065);
        var tmp3 = z1 + s2 * Vector256.Create(Fix0_765366865);
        var tmp0 = (s0 + s4) << ConstBits;
        var tmp1 = (s0 - s4) << ConstBits;
        var tmp10 = tmp0 + tmp3 + round;
        var tmp13 = tmp0 - tmp3 + round;
        var tmp11 = tmp1 + tmp2 + round;
        var tmp12 = tmp1 - tmp2 + round;

        // Odd part.
        var y1 = s7 + s1;
        var y2 = s5 + s3;
        var y3 = s7 + s3;
        var y4 = s5 + s1;
        var z5 = (y3 + y4) * Vector256.Create(Fix1_175875602);
        var t0 = s7 * Vector256.Create(Fix0_298631336);
        var t1 = s5 * Vector256.Create(Fix2_053119869);
        var t2 = s3 * Vector256.Create(Fix3_072711026);
        var t3 = s1 * Vector256.Create(Fix1_501321110);
        y1 *= Vector256.Create(-Fix0_899976223);
        y2 *= Vector256.Create(-Fix2_562915447);
        y3 = y3 * Vector256.Create(-Fix1_961570560) + z5;
        y4 = y4 * Vector256.Create(-Fix0_390180644) + z5;
        t0 += y1 + y3;
        t1 += y2 + y4;
        t2 += y2 + y3;
        t3 += y1 + y4;

        s0 = (tmp10 + t3) >> shift;
        s7 = (tmp10 - t3) >> shift;
        s1 = (tmp11 + t2) >> shift;
        s6 = (tmp11 - t2) >> shift;
        s2 = (tmp12 + t1) >> shift;
        s5 = (tmp12 - t1) >> shift;
        s3 = (tmp13 + t0) >> shift;
        s4 = (tmp13 - t0) >> shift;
    }

    /// <summary>8×8 transpose of 32-bit lanes: unpack pairs, then quads, then swap 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref Vector256<int> r0, ref Vector256<int> r1, ref Vector256<int> r2, ref Vector256<int> r3,
        ref Vector256<int> r4, ref Vector256<int> r5, ref Vector256<int> r6, ref Vector256<int> r7)
    {
        var t0 = Avx2.UnpackLow(r0, r1).AsInt64(); var t1 = Avx2.UnpackHigh(r0, r1).AsInt64();
        var t2 = Avx2.UnpackLow(r2, r3).AsInt64(); var t3 = Avx2.UnpackHigh(r2, r3).AsInt64();
        var t4 = Avx2.UnpackLow(r4, r5).AsInt64(); var t5 = Avx2.UnpackHigh(r4, r5).AsInt64();
        var t6 = Avx2.UnpackLow(r6, r7).AsInt64(); var t7 = Avx2.UnpackHigh(r6, r7).AsInt64();
        var u0 = Avx2.UnpackLow(t0, t2).AsInt32(); var u1 = Avx2.UnpackHigh(t0, t2).AsInt32();
        var u2 = Avx2.UnpackLow(t1, t3).AsInt32(); var u3 = Avx2.UnpackHigh(t1, t3).AsInt32();
        var u4 = Avx2.UnpackLow(t4, t6).AsInt32(); var u5 = Avx2.UnpackHigh(t4, t6).AsInt32();
        var u6 = Avx2.UnpackLow(t5, t7).AsInt32(); var u7 = Avx2.UnpackHigh(t5, t7).AsInt32();
        r0 = Avx2.Permute2x128(u0, u4, 0x20); r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r1 = Avx2.Permute2x128(u1, u5, 0x20); r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r2 = Avx2.Permute2x128(u2, u6, 0x20); r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r3 = Avx2.Permute2x128(u3, u7, 0x20); r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }
}
