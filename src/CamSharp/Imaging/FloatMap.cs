namespace CamSharp.Imaging;

/// <summary>
/// A single-channel float32 map (activation, CAM), <see cref="Data"/> row-major
/// <c>Height × Width</c>.
/// </summary>
public sealed class FloatMap
{
    public int Width { get; }
    public int Height { get; }
    public float[] Data { get; }

    public FloatMap(int width, int height) : this(width, height, new float[CheckedLength(width, height)]) { }

    /// <summary>Wraps existing data (not copied); it must hold exactly <c>width·height</c> values.</summary>
    public FloatMap(int width, int height, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        long expected = CheckedLength(width, height);
        if (data.Length != expected)
            throw new ArgumentException($"Map has {data.Length} values, expected {expected} for {width}x{height}.", nameof(data));
        Width = width;
        Height = height;
        Data = data;
    }

    public float this[int x, int y]
    {
        get => Data[y * Width + x];
        set => Data[y * Width + x] = value;
    }

    public Span<float> Row(int y) => Data.AsSpan(y * Width, Width);

    private static int CheckedLength(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long n = (long)width * height;
        if (n > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} does not fit in one array.");
        return (int)n;
    }
}
