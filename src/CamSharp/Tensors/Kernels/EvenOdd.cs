using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Splitting a row into its even and odd elements and merging two rows back into one,
/// with two-source lane permutes (AVX-512, AVX2) and a scalar path; the stride-2 half of
/// the Winograd transforms.
/// </summary>
internal static unsafe class EvenOdd
{
    /// <summary>Lane indices 0, 2, …, 30: the even elements of two concatenated vectors.</summary>
    internal static readonly Vector512<int> Evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    internal static readonly Vector512<int> Odds = Evens + Vector512<int>.One;
    private static readonly Vector512<int> MergeLow = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    private static readonly Vector512<int> MergeHigh = MergeLow + Vector512.Create(8);

    /// <summary>even[t] = row[2t − shift], odd[t] = row[2t + 1 − shift] for t &lt; count, zero outside [0, width).</summary>
    public static void Split(float* row, int width, int shift, int count, float* even, float* odd)
    {
        // Leading tiles reaching into the left padding, then whole vectors inside the row, then the rest.
        int t = 0, inside = Math.Min((shift + 1) / 2, count);
        for (; t < inside; t++) SplitOne(row, width, shift, t, even, odd);
        if (Avx512F.IsSupported)
        {
            for (; t + 16 <= count && 2 * t - shift + 32 <= width; t += 16)
            {
                float* s = row + 2 * t - shift;
                var a = Vector512.Load(s);
                var b = Vector512.Load(s + 16);
                Avx512F.PermuteVar16x32x2(a, Evens, b).Store(even + t);
                Avx512F.PermuteVar16x32x2(a, Odds, b).Store(odd + t);
            }
        }
        if (Avx2.IsSupported)
        {
            for (; t + 8 <= count && 2 * t - shift + 16 <= width; t += 8)
            {
                float* s = row + 2 * t - shift;
                var a = Vector256.Load(s);
                var b = Vector256.Load(s + 8);
                // Within each 128-bit half: a0 a2 b0 b2 | a4 a6 b4 b6; then the 64-bit pairs reordered 0, 2, 1, 3.
                var e = Avx.Shuffle(a, b, 0b10_00_10_00);
                var o = Avx.Shuffle(a, b, 0b11_01_11_01);
                Avx2.Permute4x64(e.AsDouble(), 0b11_01_10_00).AsSingle().Store(even + t);
                Avx2.Permute4x64(o.AsDouble(), 0b11_01_10_00).AsSingle().Store(odd + t);
            }
        }
        for (; t < count; t++) SplitOne(row, width, shift, t, even, odd);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SplitOne(float* row, int width, int shift, int t, float* even, float* odd)
    {
        int c = 2 * t - shift;
        even[t] = (uint)c < (uint)width ? row[c] : 0f;
        odd[t] = (uint)(c + 1) < (uint)width ? row[c + 1] : 0f;
    }

    /// <summary>row[2t] = even[t], row[2t + 1] = odd[t] for the first <paramref name="width"/> elements of row.</summary>
    public static void Merge(float* even, float* odd, int width, float* row)
    {
        int pairs = width / 2, t = 0;
        if (Avx512F.IsSupported)
        {
            for (; t + 16 <= pairs; t += 16)
            {
                var e = Vector512.Load(even + t);
                var o = Vector512.Load(odd + t);
                Avx512F.PermuteVar16x32x2(e, MergeLow, o).Store(row + 2 * t);
                Avx512F.PermuteVar16x32x2(e, MergeHigh, o).Store(row + 2 * t + 16);
            }
        }
        if (Avx2.IsSupported)
        {
            for (; t + 8 <= pairs; t += 8)
            {
                var e = Vector256.Load(even + t);
                var o = Vector256.Load(odd + t);
                // e0 o0 e1 o1 | e4 o4 e5 o5 and e2 o2 e3 o3 | e6 o6 e7 o7, then the halves regrouped.
                var low = Avx.UnpackLow(e, o);
                var high = Avx.UnpackHigh(e, o);
                Avx.Permute2x128(low, high, 0x20).Store(row + 2 * t);
                Avx.Permute2x128(low, high, 0x31).Store(row + 2 * t + 8);
            }
        }
        for (; t < pairs; t++)
        {
            row[2 * t] = even[t];
            row[2 * t + 1] = odd[t];
        }
        if ((width & 1) != 0) row[width - 1] = even[pairs];
    }
}
