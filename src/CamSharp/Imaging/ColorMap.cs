using CamSharp.Imaging.Color;

namespace CamSharp.Imaging;

/// <summary>
/// A 256-entry colour lookup from a byte (0..255) to RGB, equal to OpenCV's
/// <c>applyColorMap</c> followed by BGR→RGB (<see cref="Jet"/> is <c>COLORMAP_JET</c>).
/// </summary>
public sealed class ColorMap
{
    private readonly byte[] _rgb; // 256 × RGB

    public ColorMapKind Kind { get; }

    private ColorMap(ColorMapKind kind, byte[] rgb)
    {
        Kind = kind;
        _rgb = rgb;
    }

    public static ColorMap Jet { get; } = new(ColorMapKind.Jet, Convert.FromHexString(ColorMapTables.Jet));
    public static ColorMap Viridis { get; } = new(ColorMapKind.Viridis, Convert.FromHexString(ColorMapTables.Viridis));
    public static ColorMap Inferno { get; } = new(ColorMapKind.Inferno, Convert.FromHexString(ColorMapTables.Inferno));
    public static ColorMap Turbo { get; } = new(ColorMapKind.Turbo, Convert.FromHexString(ColorMapTables.Turbo));
    public static ColorMap Hot { get; } = new(ColorMapKind.Hot, Convert.FromHexString(ColorMapTables.Hot));
    public static ColorMap Gray { get; } = new(ColorMapKind.Gray, Enumerable.Range(0, 768).Select(i => (byte)(i / 3)).ToArray());

    public static ColorMap Get(ColorMapKind kind) => kind switch
    {
        ColorMapKind.Jet => Jet,
        ColorMapKind.Viridis => Viridis,
        ColorMapKind.Inferno => Inferno,
        ColorMapKind.Turbo => Turbo,
        ColorMapKind.Hot => Hot,
        ColorMapKind.Gray => Gray,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The colour of <paramref name="index"/>.</summary>
    public Rgb this[byte index] => new(_rgb[3 * index], _rgb[3 * index + 1], _rgb[3 * index + 2]);

    /// <summary>The whole table, 256 RGB triples.</summary>
    public ReadOnlySpan<byte> Table => _rgb;

    /// <summary>Colours a map of byte indices (row-major <paramref name="width"/> × <paramref name="height"/>).</summary>
    public RgbImage Apply(ReadOnlySpan<byte> indices, int width, int height)
    {
        var img = new RgbImage(width, height);
        if (indices.Length != width * height) throw new ArgumentException($"Expected {width * height} indices, got {indices.Length}.", nameof(indices));
        var p = img.Pixels;
        for (int i = 0; i < indices.Length; i++)
        {
            int t = 3 * indices[i];
            p[3 * i] = _rgb[t]; p[3 * i + 1] = _rgb[t + 1]; p[3 * i + 2] = _rgb[t + 2];
        }
        return img;
    }

    /// <summary>Colours a [0, 1] map (values scaled to 0..255 and clamped).</summary>
    public RgbImage Apply(FloatMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var bytes = new byte[map.Data.Length];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)Math.Clamp(map.Data[i] * 255f, 0f, 255f);
        return Apply(bytes, map.Width, map.Height);
    }
}
