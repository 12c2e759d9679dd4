namespace CamSharp.Imaging.Png;

/// <summary>The IHDR fields that shape the pixel data.</summary>
internal sealed record PngHeader(int Width, int Height, int BitDepth, PngColorType ColorType, bool Interlaced)
{
    public int Channels => ColorType switch
    {
        PngColorType.Gray or PngColorType.Palette => 1,
        PngColorType.GrayAlpha => 2,
        PngColorType.Rgb => 3,
        _ => 4,
    };

    public int BitsPerPixel => Channels * BitDepth;

    /// <summary>Bytes to the left that filters refer to (at least 1, spec "bpp").</summary>
    public int FilterStride => Math.Max(1, BitsPerPixel / 8);

    /// <summary>Bytes in one scanline of <paramref name="width"/> pixels, without the filter byte.</summary>
    public long RowBytes(long width) => (width * BitsPerPixel + 7) / 8;

    /// <summary>Whether the bit depth is allowed for the colour type (PNG spec table 11.1).</summary>
    public bool IsValidCombination => ColorType switch
    {
        PngColorType.Gray => BitDepth is 1 or 2 or 4 or 8 or 16,
        PngColorType.Palette => BitDepth is 1 or 2 or 4 or 8,
        PngColorType.Rgb or PngColorType.GrayAlpha or PngColorType.Rgba => BitDepth is 8 or 16,
        _ => false,
    };
}
