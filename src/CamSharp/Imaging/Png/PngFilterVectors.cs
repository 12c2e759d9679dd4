using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CamSharp.Imaging.Png;

/// <summary>
/// The encoder's scanline filters 16 bytes at a time, equal byte for byte to
/// <see cref="PngFilters.FilterScalar"/>: choosing among five filters per row was most of the
/// time spent writing a PNG. Every filter reads only unfiltered bytes (the row, its left
/// neighbour, the prior row), so the lanes are independent.
/// </summary>
internal static class PngFilterVectors
{
    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    /// <summary>Same contract as <see cref="PngFilters.Filter"/>; the first <paramref name="bpp"/> bytes and the tail use the scalar rule.</summary>
    public static long Filter(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> output)
    {
        int n = row.Length;
        output = output[..n];
        prior = prior[..n];
        ref byte r = ref MemoryMarshal.GetReference(row);
        ref byte p = ref MemoryMarshal.GetReference(prior);
        ref byte o = ref MemoryMarshal.GetReference(output);
        // Lanes from bpp on have a left neighbour; the scalar twin fills the first bpp bytes and the tail.
        int i = bpp;
        for (; i + Vector128<byte>.Count <= n; i += Vector128<byte>.Count)
        {
            var x = Vector128.LoadUnsafe(ref r, (nuint)i);
            var up = Vector128.LoadUnsafe(ref p, (nuint)i);
            var left = Vector128.LoadUnsafe(ref r, (nuint)(i - bpp));
            var upLeft = Vector128.LoadUnsafe(ref p, (nuint)(i - bpp));
            Vector128<byte> y = type switch
            {
                PngFilters.Sub => x - left,
                PngFilters.Up => x - up,
                PngFilters.Average => x - Average(left, up),
                PngFilters.Paeth => x - Paeth(left, up, upLeft),
                _ => x,
            };
            y.StoreUnsafe(ref o, (nuint)i);
        }
        PngFilters.FilterRange(type, row, prior, bpp, output, 0, bpp);
        PngFilters.FilterRange(type, row, prior, bpp, output, i, n);
        return SumOfSignedMagnitudes(output);
    }

    /// <summary>floor((a + b) / 2) without leaving bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Average(Vector128<byte> a, Vector128<byte> b) =>
        (a & b) + Vector128.ShiftRightLogical(a ^ b, 1);

    /// <summary>The Paeth predictor of each lane (spec 9.4), in 16-bit halves: a + b − c leaves bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Paeth(Vector128<byte> a, Vector128<byte> b, Vector128<byte> c)
    {
        var (aLo, aHi) = Vector128.Widen(a);
        var (bLo, bHi) = Vector128.Widen(b);
        var (cLo, cHi) = Vector128.Widen(c);
        return Vector128.Narrow(Paeth(aLo.AsInt16(), bLo.AsInt16(), cLo.AsInt16()).AsUInt16(),
            Paeth(aHi.AsInt16(), bHi.AsInt16(), cHi.AsInt16()).AsUInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Paeth(Vector128<short> a, Vector128<short> b, Vector128<short> c)
    {
        // p = a + b − c: pa = |p − a| = |b − c|, pb = |p − b| = |a − c|, pc = |p − c| = |(a − c) + (b − c)|.
        var bc = b - c;
        var ac = a - c;
        var pa = Vector128.Abs(bc);
        var pb = Vector128.Abs(ac);
        var pc = Vector128.Abs(ac + bc);
        var takeA = Vector128.LessThanOrEqual(pa, pb) & Vector128.LessThanOrEqual(pa, pc);
        var takeB = Vector128.LessThanOrEqual(pb, pc);
        return Vector128.ConditionalSelect(takeA, a, Vector128.ConditionalSelect(takeB, b, c));
    }

    /// <summary>Σ|(sbyte)x|: the filter-choice score.</summary>
    private static long SumOfSignedMagnitudes(ReadOnlySpan<byte> bytes)
    {
        ref byte x = ref MemoryMarshal.GetReference(bytes);
        long total = 0;
        int i = 0;
        while (i + Vector128<byte>.Count <= bytes.Length)
        {
            // 16-bit lane sums of at most 2·128 per step: flush before they can wrap.
            var sums = Vector128<ushort>.Zero;
            for (int step = 0; step < 128 && i + Vector128<byte>.Count <= bytes.Length; step++, i += Vector128<byte>.Count)
            {
                // |−128| as a signed byte is −128, which read unsigned is 128: the magnitude.
                var magnitude = Vector128.Abs(Vector128.LoadUnsafe(ref x, (nuint)i).AsSByte()).AsByte();
                var (lo, hi) = Vector128.Widen(magnitude);
                sums += lo + hi;
            }
            var (sLo, sHi) = Vector128.Widen(sums);
            total += Vector128.Sum(sLo + sHi);
        }
        for (; i < bytes.Length; i++) total += Math.Abs((int)(sbyte)bytes[i]);
        return total;
    }
}
