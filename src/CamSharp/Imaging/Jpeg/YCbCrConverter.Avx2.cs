using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// The YCbCr → RGB conversion 16 pixels at a time: the same fixed-point products as the
/// tables (<c>FIX(1.402)·(Cr−128)</c> and so on), computed in 32-bit lanes, clamped, narrowed,
/// and interleaved to RGB with byte shuffles.
/// </summary>
internal static partial class YCbCrConverter
{
    private const int FixCrR = 91881, FixCbB = 116130, FixCrG = 46802, FixCbG = 22554; // FIX(1.402), FIX(1.772), FIX(0.71414), FIX(0.34414)

    // Shuffle masks placing R, G and B bytes of 16 pixels into three 16-byte outputs (0x80 = zero).
    private static readonly Vector128<byte>[] Masks = BuildMasks();

    private static Vector128<byte>[] BuildMasks()
    {
        var masks = new Vector128<byte>[9];
        var m = new byte[16];
        for (int outIdx = 0; outIdx < 3; outIdx++)
            for (int channel = 0; channel < 3; channel++)
            {
                for (int i = 0; i < 16; i++)
                {
                    int j = 16 * outIdx + i;
                    m[i] = j % 3 == channel ? (byte)(j / 3) : (byte)0x80;
                }
                masks[3 * outIdx + channel] = Vector128.Create(m);
            }
        return masks;
    }

    /// <returns>How many pixels were converted (a multiple of 16).</returns>
    internal static int ConvertAvx2(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb, int width)
    {
        int n = Math.Min(Math.Min(y.Length, cb.Length), Math.Min(cr.Length, rgb.Length / 3));
        n = Math.Min(n, width) & ~15;
        ref byte py = ref MemoryMarshal.GetReference(y), pcb = ref MemoryMarshal.GetReference(cb), pcr = ref MemoryMarshal.GetReference(cr);
        ref byte o = ref MemoryMarshal.GetReference(rgb);
        var m = Masks;
        for (int x = 0; x < n; x += 16)
        {
            var yv = Vector128.LoadUnsafe(ref py, (nuint)x);
            var cbv = Vector128.LoadUnsafe(ref pcb, (nuint)x);
            var crv = Vector128.LoadUnsafe(ref pcr, (nuint)x);
            var (r0, g0, b0) = Pixels8(yv, cbv, crv);
            var (r1, g1, b1) = Pixels8(Sse2.ShiftRightLogical128BitLane(yv, 8), Sse2.ShiftRightLogical128BitLane(cbv, 8), Sse2.ShiftRightLogical128BitLane(crv, 8));
            var rg = Vector256.Narrow(Vector256.Narrow(r0, r1), Vector256.Narrow(g0, g1)); // R 0..15, G 0..15
            var bb = Vector256.Narrow(Vector256.Narrow(b0, b1), Vector256<short>.Zero);
            Vector128<byte> r = rg.GetLower().AsByte(), g = rg.GetUpper().AsByte(), b = bb.GetLower().AsByte();
            ref byte d = ref Unsafe.Add(ref o, 3 * x);
            (Ssse3.Shuffle(r, m[0]) | Ssse3.Shuffle(g, m[1]) | Ssse3.Shuffle(b, m[2])).StoreUnsafe(ref d);
            (Ssse3.Shuffle(r, m[3]) | Ssse3.Shuffle(g, m[4]) | Ssse3.Shuffle(b, m[5])).StoreUnsafe(ref d, 16);
            (Ssse3.Shuffle(r, m[6]) | Ssse3.Shuffle(g, m[7]) | Ssse3.Shuffle(b, m[8])).StoreUnsafe(ref d, 32);
        }
        return n;
    }

    /// <summary>R, G, B of the low 8 pixels as 32-bit lanes clamped to 0..255.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<int> R, Vector256<int> G, Vector256<int> B) Pixels8(Vector128<byte> y, Vector128<byte> cb, Vector128<byte> cr)
    {
        var centre = Vector256.Create(128);
        var half = Vector256.Create(Half);
        var l = Avx2.ConvertToVector256Int32(y);
        var b = Avx2.ConvertToVector256Int32(cb) - centre;
        var r = Avx2.ConvertToVector256Int32(cr) - centre;
        var red = l + ((r * Vector256.Create(FixCrR) + half) >> ScaleBits);
        var green = l + ((b * Vector256.Create(-FixCbG) + half - r * Vector256.Create(FixCrG)) >> ScaleBits);
        var blue = l + ((b * Vector256.Create(FixCbB) + half) >> ScaleBits);
        var lo = Vector256<int>.Zero;
        var hi = Vector256.Create(255);
        return (Vector256.Min(Vector256.Max(red, lo), hi), Vector256.Min(Vector256.Max(green, lo), hi), Vector256.Min(Vector256.Max(blue, lo), hi));
    }
}
