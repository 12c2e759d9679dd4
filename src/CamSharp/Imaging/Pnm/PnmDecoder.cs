namespace CamSharp.Imaging.Pnm;

/// <summary>
/// Decodes binary PGM (P5) and PPM (P6), maxval 1–65535 (16-bit samples big-endian).
/// Samples are scaled as <c>v·255/maxval</c> with truncation, as OpenCV's PxM reader does for 8-bit.
/// </summary>
internal static class PnmDecoder
{
    public static RgbImage Decode(ReadOnlySpan<byte> data, string? name, long maxPixels)
    {
        bool color = data[1] == '6';
        int pos = 2;
        long width = ReadNumber(data, ref pos, name, "width");
        long height = ReadNumber(data, ref pos, name, "height");
        long maxval = ReadNumber(data, ref pos, name, "maxval");
        DecodeGuard.CheckDimensions(name, "PNM", width, height, maxPixels);
        if (maxval is < 1 or > 65535) ImageFormatException.Throw(name, $"PNM maxval {maxval} is out of range 1-65535");
        if (pos >= data.Length || !IsSpace(data[pos])) ImageFormatException.Throw(name, "PNM header does not end with whitespace");
        pos++;
        int sampleBytes = maxval < 256 ? 1 : 2;
        int channels = color ? 3 : 1;
        long needed = width * height * channels * sampleBytes;
        if (needed > data.Length - pos) ImageFormatException.Throw(name, $"PNM pixel data is truncated ({data.Length - pos} of {needed} bytes)");

        var img = new RgbImage((int)width, (int)height);
        var dst = img.Pixels.AsSpan();
        var src = data[pos..];
        long count = width * height * channels;
        int d = 0;
        for (long i = 0; i < count; i++)
        {
            int v = sampleBytes == 1 ? src[(int)i] : (src[(int)(2 * i)] << 8) | src[(int)(2 * i + 1)];
            byte b = maxval == 255 ? (byte)v : (byte)Math.Min(255, v * 255L / maxval);
            if (color) dst[d++] = b;
            else { dst[d] = dst[d + 1] = dst[d + 2] = b; d += 3; }
        }
        return img;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0B or 0x0C;

    /// <summary>Skips whitespace and <c>#</c> comments, then reads a decimal number.</summary>
    private static long ReadNumber(ReadOnlySpan<byte> data, ref int pos, string? name, string what)
    {
        while (pos < data.Length)
        {
            if (IsSpace(data[pos])) pos++;
            else if (data[pos] == '#') { while (pos < data.Length && data[pos] != '\n' && data[pos] != '\r') pos++; }
            else break;
        }
        long v = 0;
        int start = pos;
        while (pos < data.Length && data[pos] is >= (byte)'0' and <= (byte)'9' && pos - start < 10)
            v = v * 10 + (data[pos++] - '0');
        if (pos == start) ImageFormatException.Throw(name, $"PNM header has no valid {what}");
        return v;
    }
}
