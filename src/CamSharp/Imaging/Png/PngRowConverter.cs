namespace CamSharp.Imaging.Png;

/// <summary>
/// Turns one unfiltered PNG scanline into RGB bytes the way OpenCV's imread does through
/// libpng: 16-bit samples keep their high byte (png_set_strip_16), gray of 1/2/4 bits is
/// scaled to 0..255, palette indices are looked up, alpha is dropped without compositing.
/// </summary>
internal sealed class PngRowConverter(PngHeader header, byte[]? palette)
{
    /// <summary>Converts <paramref name="width"/> pixels of <paramref name="row"/> into <paramref name="rgb"/>.</summary>
    public void Convert(ReadOnlySpan<byte> row, int width, Span<byte> rgb)
    {
        int depth = header.BitDepth;
        switch (header.ColorType)
        {
            case PngColorType.Gray when depth < 8:
                for (int x = 0; x < width; x++)
                {
                    byte v = (byte)(PackedSample(row, x, depth) * (255 / ((1 << depth) - 1)));
                    rgb[3 * x] = rgb[3 * x + 1] = rgb[3 * x + 2] = v;
                }
                break;
            case PngColorType.Palette:
                {
                    var pal = palette!;
                    int entries = pal.Length / 3;
                    for (int x = 0; x < width; x++)
                    {
                        int idx = depth == 8 ? row[x] : PackedSample(row, x, depth);
                        if (idx < entries)
                        {
                            rgb[3 * x] = pal[3 * idx]; rgb[3 * x + 1] = pal[3 * idx + 1]; rgb[3 * x + 2] = pal[3 * idx + 2];
                        }
                        else
                        {
                            rgb[3 * x] = rgb[3 * x + 1] = rgb[3 * x + 2] = 0; // libpng leaves out-of-range indices black
                        }
                    }
                    break;
                }
            default:
                {
                    // 8- and 16-bit samples: take the first (high) byte of each sample.
                    int sampleBytes = depth / 8;
                    int channels = header.Channels;
                    int pixelBytes = sampleBytes * channels;
                    bool gray = channels <= 2;
                    if (!gray && pixelBytes == 3) { row[..(3 * width)].CopyTo(rgb); break; }
                    for (int x = 0; x < width; x++)
                    {
                        int s = x * pixelBytes;
                        if (gray)
                        {
                            rgb[3 * x] = rgb[3 * x + 1] = rgb[3 * x + 2] = row[s];
                        }
                        else
                        {
                            rgb[3 * x] = row[s];
                            rgb[3 * x + 1] = row[s + sampleBytes];
                            rgb[3 * x + 2] = row[s + 2 * sampleBytes];
                        }
                    }
                    break;
                }
        }
    }

    /// <summary>The <paramref name="x"/>-th sample of a row packed at 1, 2 or 4 bits, most significant bits first.</summary>
    private static int PackedSample(ReadOnlySpan<byte> row, int x, int depth)
    {
        int bit = x * depth;
        int shift = 8 - depth - (bit & 7);
        return (row[bit >> 3] >> shift) & ((1 << depth) - 1);
    }
}
