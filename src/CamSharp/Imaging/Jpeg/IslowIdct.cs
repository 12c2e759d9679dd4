using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// The accurate integer inverse DCT of the IJG library (libjpeg's <c>jpeg_idct_islow</c>,
/// the Loeffler–Ligtenberg–Moschytz algorithm with 13-bit constants and 2 extra bits in the
/// first pass), so that output matches libjpeg-turbo's default decoding.
/// </summary>
internal static partial class IslowIdct
{
    private const int ConstBits = 13, Pass1Bits = 2;
    private const int Fix0_298631336 = 2446, Fix0_390180644 = 3196, Fix0_541196100 = 4433, Fix0_765366865 = 6270;
    private const int Fix0_899976223 = 7373, Fix1_175875602 = 9633, Fix1_501321110 = 12299, Fix1_847759065 = 15137;
    private const int Fix1_961570560 = 16069, Fix2_053119869 = 16819, Fix2_562915447 = 20995, Fix3_072711026 = 25172;

    /// <summary>Dequantizes <paramref name="coef"/> (natural order) with <paramref name="quant"/> and writes the 8×8 samples.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform(ReadOnlySpan<short> coef, ReadOnlySpan<ushort> quant, Span<byte> output, int stride)
    {
        if (Avx2.IsSupported) TransformAvx2(coef, quant, output, stride);
        else TransformScalar(coef, quant, output, stride);
    }

    /// <summary>A block whose AC coefficients are all zero is flat: both passes reduce to one rounded value.</summary>
    public static void TransformDcOnly(int dc, int quant, Span<byte> output, int stride)
    {
        byte v = Clamp(((dc * quant << Pass1Bits) + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3));
        for (int r = 0; r < 8; r++) output.Slice(r * stride, 8).Fill(v);
    }

    /// <summary>The portable twin of <see cref="TransformAvx2"/>, bit for bit.</summary>
    [SkipLocalsInit]
    internal static void TransformScalar(ReadOnlySpan<short> coef, ReadOnlySpan<ushort> quant, Span<byte> output, int stride)
    {
        Span<int> ws = stackalloc int[64];
        coef = coef[..64];
        quant = quant[..64];

        // Pass 1: columns.
        for (int c = 0; c < 8; c++)
        {
            if (coef[8 + c] == 0 && coef[16 + c] == 0 && coef[24 + c] == 0 && coef[32 + c] == 0
                && coef[40 + c] == 0 && coef[48 + c] == 0 && coef[56 + c] == 0)
            {
                int dc = coef[c] * quant[c] << Pass1Bits;
                for (int r = 0; r < 8; r++) ws[r * 8 + c] = dc;
                continue;
            }
            Butterfly(
                coef[c] * quant[c], coef[8 + c] * quant[8 + c], coef[16 + c] * quant[16 + c], coef[24 + c] * quant[24 + c],
                coef[32 + c] * quant[32 + c], coef[40 + c] * quant[40 + c], coef[48 + c] * quant[48 + c], coef[56 + c] * quant[56 + c],
                ConstBits - Pass1Bits, 1 << (ConstBits - Pass1Bits - 1), ws, c, 8);
        }

        // Pass 2: rows; the result is shifted by 3 more bits (the 1/8 of the 2-D IDCT) and centred on 128.
        Span<int> row = stackalloc int[8];
        for (int r = 0; r < 8; r++)
        {
            var w = ws.Slice(r * 8, 8);
            var o = output.Slice(r * stride, 8);
            if (w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0)
            {
                o.Fill(Clamp((w[0] + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3)));
                continue;
            }
            const int shift = ConstBits + Pass1Bits + 3;
            Butterfly(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], shift, 1 << (shift - 1), row, 0, 1);
            for (int i = 0; i < 8; i++) o[i] = Clamp(row[i]);
        }
    }

    /// <summary>One 8-point IDCT; results descaled by <paramref name="shift"/> go to <c>dst[at + i·step]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(int s0, int s1, int s2, int s3, int s4, int s5, int s6, int s7,
        int shift, int round, Span<int> dst, int at, int step)
    {
        // Even part.
        int z1 = (s2 + s6) * Fix0_541196100;
        int tmp2 = z1 - s6 * Fix1_847759065;
        int tmp3 = z1 + s2 * Fix0_765366865;
        int tmp0 = (s0 + s4) << ConstBits;
        int tmp1 = (s0 - s4) << ConstBits;
        int tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;

        // Odd part.
        int t0 = s7, t1 = s5, t2 = s3, t3 = s1;
        int y1 = t0 + t3, y2 = t1 + t2, y3 = t0 + t2, y4 = t1 + t3;
        int z5 = (y3 + y4) * Fix1_175875602;
        t0 *= Fix0_298631336; t1 *= Fix2_053119869; t2 *= Fix3_072711026; t3 *= Fix1_501321110;
        y1 *= -Fix0_899976223; y2 *= -Fix2_562915447; y3 *= -Fix1_961570560; y4 *= -Fix0_390180644;
        y3 += z5; y4 += z5;
        t0 += y1 + y3; t1 += y2 + y4; t2 += y2 + y3; t3 += y1 + y4;

        dst[at + 0 * step] = (tmp10 + t3 + round) >> shift;
        dst[at + 7 * step] = (tmp10 - t3 + round) >> shift;
        dst[at + 1 * step] = (tmp11 + t2 + round) >> shift;
        dst[at + 6 * step] = (tmp11 - t2 + round) >> shift;
        dst[at + 2 * step] = (tmp12 + t1 + round) >> shift;
        dst[at + 5 * step] = (tmp12 - t1 + round) >> shift;
        dst[at + 3 * step] = (tmp13 + t0 + round) >> shift;
        dst[at + 4 * step] = (tmp13 - t0 + round) >> shift;
    }

    /// <summary>Level shift by 128 and saturate to a byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Clamp(int v)
    {
        v += 128;
        return (uint)v <= 255 ? (byte)v : v < 0 ? (byte)0 : (byte)255;
    }
}
