namespace CamSharp.Imaging;

/// <summary>Chroma subsampling of encoded JPEG files (luma samples per chroma sample, horizontally × vertically).</summary>
public enum JpegSubsampling
{
    /// <summary>4:2:0, 2×2: the common default, smallest files.</summary>
    Yuv420,
    /// <summary>4:4:4: full-resolution chroma, best for maps with sharp colour edges.</summary>
    Yuv444,
    /// <summary>4:2:2, 2×1.</summary>
    Yuv422,
    /// <summary>4:4:0, 1×2.</summary>
    Yuv440,
}
