namespace CamSharp.Imaging;

/// <summary>One RGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb White => new(255, 255, 255);
    public static Rgb Black => new(0, 0, 0);

    /// <summary>Black or white, whichever reads better on this colour (ITU-R 601 luma).</summary>
    public override string ToString() => $"Rgb({R}, {G}, {B})";

    public Rgb Contrasting => 299 * R + 587 * G + 114 * B >= 128_000 ? Black : White;
}
