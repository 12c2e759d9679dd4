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

    /// <summary>
    /// Writes <paramref name="row"/> filtered with <paramref name="type"/> into <paramref name="output"/>
    /// and returns the sum of the output bytes taken as signed magnitudes (the spec's
    /// heuristic for choosing a filter: smaller is usually better for deflate).
    /// </summary>
    public static long Filter(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> output) =>
        PngFilterVectors.IsSupported
            ? PngFilterVectors.Filter(type, row, prior, bpp, output)
            : FilterScalar(type, row, prior, bpp, output);

    /// <summary><see cref="Filter"/> a byte at a time: the twin of <see cref="PngFilterVectors.Filter"/>.</summary>
    public static long FilterScalar(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> output)
    {
        int n = row.Length;
        FilterRange(type, row, prior, bpp, output, 0, n);
        long score = 0;
        foreach (sbyte b in System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(output[..n])) score += Math.Abs((int)b);
        return score;
    }

    /// <summary>Filters bytes <paramref name="from"/> to <paramref name="to"/> (exclusive) of a row; bytes before <paramref name="bpp"/> have no left neighbour (taken as 0).</summary>
    public static void FilterRange(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> output, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0, up = prior[i], upLeft = i >= bpp ? prior[i - bpp] : 0;
            int predicted = type switch
            {
                Sub => left,
                Up => up,
                Average => (left + up) >> 1,
                Paeth => PaethPredictor((byte)left, (byte)up, (byte)upLeft),
                _ => 0,
            };
            output[i] = (byte)(row[i] - predicted);
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
