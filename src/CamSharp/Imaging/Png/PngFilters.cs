namespace CamSharp.Imaging.Png;

/// <summary>PNG scanline filters (spec section 9): reversing them when decoding, applying them when encoding.</summary>
internal static class PngFilters
{
    public const byte None = 0, Sub = 1, Up = 2, Average = 3, Paeth = 4;

    /// <summary>Reverses filter <paramref name="type"/> in place; <paramref name="prior"/> is the previous unfiltered row (zeros for the first).</summary>
    /// <returns>False when the filter type is not 0–4.</returns>
    public static bool Unfilter(byte type, Span<byte> row, ReadOnlySpan<byte> prior, int bpp)
    {
        int n = row.Length;
        switch (type)
        {
            case None:
                return true;
            case Sub:
                for (int i = bpp; i < n; i++) row[i] += row[i - bpp];
                return true;
            case Up:
                for (int i = 0; i < n; i++) row[i] += prior[i];
                return true;
            case Average:
                for (int i = 0; i < bpp; i++) row[i] += (byte)(prior[i] >> 1);
                for (int i = bpp; i < n; i++) row[i] += (byte)((row[i - bpp] + prior[i]) >> 1);
                return true;
            case Paeth:
                for (int i = 0; i < bpp; i++) row[i] += prior[i];
                for (int i = bpp; i < n; i++) row[i] += PaethPredictor(row[i - bpp], prior[i], prior[i - bpp]);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Writes <paramref name="row"/> filtered with <paramref name="type"/> into <paramref name="output"/>.</summary>
    public static void Filter(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> output)
    {
        int n = row.Length;
        for (int i = 0; i < n; i++)
        {
            byte a = i >= bpp ? row[i - bpp] : (byte)0;
            byte b = prior[i];
            byte c = i >= bpp ? prior[i - bpp] : (byte)0;
            output[i] = type switch
            {
                Sub => (byte)(row[i] - a),
                Up => (byte)(row[i] - b),
                Average => (byte)(row[i] - ((a + b) >> 1)),
                Paeth => (byte)(row[i] - PaethPredictor(a, b, c)),
                _ => row[i],
            };
        }
    }

    private static byte PaethPredictor(byte a, byte b, byte c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        return pb <= pc ? b : c;
    }
}
