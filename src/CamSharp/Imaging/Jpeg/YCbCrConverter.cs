using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// YCbCr → RGB in libjpeg's fixed-point form (jdcolor.c: 16 fractional bits, nearest-integer
/// tables for R and B, G summed before the shift), so results match libjpeg-turbo exactly.
/// </summary>
internal static partial class YCbCrConverter
{
    private const int ScaleBits = 16, Half = 1 << (ScaleBits - 1);
    private static readonly int[] CrToR = new int[256], CbToB = new int[256], CrToG = new int[256], CbToG = new int[256];

    static YCbCrConverter()
    {
        static int Fix(double x) => (int)(x * (1 << ScaleBits) + 0.5);
        for (int i = 0; i < 256; i++)
        {
            int x = i - 128;
            CrToR[i] = (Fix(1.40200) * x + Half) >> ScaleBits;
            CbToB[i] = (Fix(1.77200) * x + Half) >> ScaleBits;
            CrToG[i] = -Fix(0.71414) * x;
            CbToG[i] = -Fix(0.34414) * x + Half;
        }
    }

    public static void ConvertRow(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb, int width)
    {
        int done = System.Runtime.Intrinsics.X86.Avx2.IsSupported ? ConvertAvx2(y, cb, cr, rgb, width) : 0;
        ConvertRowScalar(y[done..], cb[done..], cr[done..], rgb[(3 * done)..], width - done);
    }

    /// <summary>The portable twin of <see cref="ConvertAvx2"/>, bit for bit.</summary>
    internal static void ConvertRowScalar(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb, int width)
    {
        // Slicing checks the lengths once; the loop then indexes without bounds checks.
        y = y[..width]; cb = cb[..width]; cr = cr[..width]; rgb = rgb[..(3 * width)];
        ref byte py = ref MemoryMarshal.GetReference(y), pcb = ref MemoryMarshal.GetReference(cb), pcr = ref MemoryMarshal.GetReference(cr);
        ref byte o = ref MemoryMarshal.GetReference(rgb);
        ref int crr = ref MemoryMarshal.GetArrayDataReference(CrToR), cbb = ref MemoryMarshal.GetArrayDataReference(CbToB);
        ref int crg = ref MemoryMarshal.GetArrayDataReference(CrToG), cbg = ref MemoryMarshal.GetArrayDataReference(CbToG);
        for (int x = 0; x < width; x++)
        {
            int l = Unsafe.Add(ref py, x), b = Unsafe.Add(ref pcb, x), r = Unsafe.Add(ref pcr, x);
            ref byte d = ref Unsafe.Add(ref o, 3 * x);
            d = Clamp(l + Unsafe.Add(ref crr, r));
            Unsafe.Add(ref d, 1) = Clamp(l + ((Unsafe.Add(ref cbg, b) + Unsafe.Add(ref crg, r)) >> ScaleBits));
            Unsafe.Add(ref d, 2) = Clamp(l + Unsafe.Add(ref cbb, b));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Clamp(int v) => (uint)v <= 255 ? (byte)v : v < 0 ? (byte)0 : (byte)255;
}
