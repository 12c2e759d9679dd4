namespace CamSharp.Imaging;

/// <summary>Resampling methods, each with OpenCV's semantics (see <see cref="ImageResize"/>).</summary>
public enum Interpolation
{
    /// <summary>INTER_NEAREST: source index <c>floor(d · in/out)</c>.</summary>
    Nearest,
    /// <summary>INTER_LINEAR: bilinear with half-pixel centres and clamped edges.</summary>
    Linear,
    /// <summary>INTER_AREA: pixel-area averaging when shrinking (bytes only).</summary>
    Area,
}
