namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// YCbCr → RGB in libjpeg's fixed-point form (jdcolor.c: 16 fractional bits, nearest-integer
/// tables for R and B, G summed before the shift), so results match libjpeg-turbo exactly.
/// </summary>
internal static class YCbCrConverter
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
        y = y[..width]; cb = cb[..width]; cr = cr[..width]; rgb = rgb[..(3 * width)];
        var crr = CrToR; var cbb = CbToB; var crg = CrToG; var cbg = CbToG;
        for (int x = 0; x < width; x++)
        {
            int l = y[x], b = cb[x], r = cr[x];
            rgb[3 * x] = Clamp(l + crr[r]);
            rgb[3 * x + 1] = Clamp(l + ((cbg[b] + crg[r]) >> ScaleBits));
            rgb[3 * x + 2] = Clamp(l + cbb[b]);
        }
    }

    private static byte Clamp(int v) => (uint)v <= 255 ? (byte)v : v < 0 ? (byte)0 : (byte)255;
}
