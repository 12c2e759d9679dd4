namespace CamSharp.Imaging.Png;

/// <summary>PNG colour types (IHDR field), as the spec numbers them.</summary>
internal enum PngColorType : byte
{
    Gray = 0,
    Rgb = 2,
    Palette = 3,
    GrayAlpha = 4,
    Rgba = 6,
}
