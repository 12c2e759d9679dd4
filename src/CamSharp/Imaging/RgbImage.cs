namespace CamSharp.Imaging;

/// <summary>
/// An 8-bit RGB image: <see cref="Pixels"/> holds <c>Height × Width × 3</c> bytes, row-major,
/// channels interleaved R, G, B (the layout of a NumPy <c>H×W×3</c> uint8 array).
/// </summary>
public sealed class RgbImage
{
    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    /// <summary>A black image of the given size.</summary>
    public RgbImage(int width, int height) : this(width, height, new byte[CheckedLength(width, height)]) { }

    /// <summary>Wraps existing pixels (not copied); the array must hold exactly <c>width·height·3</c> bytes.</summary>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        long expected = CheckedLength(width, height);
        if (pixels.Length != expected)
            throw new ArgumentException($"Pixel array has {pixels.Length} bytes, expected {expected} for {width}x{height} RGB.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Bytes per row (<c>Width·3</c>).</summary>
    public int Stride => Width * 3;

    /// <summary>One row of pixels.</summary>
    public Span<byte> Row(int y) => Pixels.AsSpan(y * Stride, Stride);

    /// <summary>An image filled with one colour.</summary>
    public static RgbImage Filled(int width, int height, Rgb color)
    {
        var img = new RgbImage(width, height);
        img.Fill(color);
        return img;
    }

    /// <summary>Sets every pixel to <paramref name="color"/>.</summary>
    public void Fill(Rgb color)
    {
        var p = Pixels.AsSpan();
        if (color.R == color.G && color.G == color.B) { p.Fill(color.R); return; }
        for (int i = 0; i < p.Length; i += 3) { p[i] = color.R; p[i + 1] = color.G; p[i + 2] = color.B; }
    }

    public Rgb this[int x, int y]
    {
        get { int i = (y * Width + x) * 3; return new Rgb(Pixels[i], Pixels[i + 1], Pixels[i + 2]); }
        set { int i = (y * Width + x) * 3; Pixels[i] = value.R; Pixels[i + 1] = value.G; Pixels[i + 2] = value.B; }
    }

    /// <summary>A deep copy.</summary>
    public RgbImage Clone() => new(Width, Height, (byte[])Pixels.Clone());

    private static int CheckedLength(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long n = (long)width * height * 3;
        if (n > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} RGB does not fit in one array.");
        return (int)n;
    }
}
