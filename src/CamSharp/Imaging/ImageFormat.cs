namespace CamSharp.Imaging;

/// <summary>Image file formats, as recognised from the first bytes of a file.</summary>
public enum ImageFormat
{
    Unknown,
    Png,
    Jpeg,
    Bmp,
    /// <summary>Binary PGM (P5) or PPM (P6).</summary>
    Pnm,
}
