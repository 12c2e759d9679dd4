using CamSharp.Engine;
using CamSharp.Imaging;

namespace CamSharp.Application;

/// <summary>How a map is laid over its picture (pytorch-grad-cam's <c>show_cam_on_image</c> arguments, by name).</summary>
public sealed record OverlayOptions
{
    /// <summary>The colour map the [0, 1] values go through (default: jet, as OpenCV's <c>COLORMAP_JET</c>).</summary>
    public ColorMap ColorMap { get; init; } = ColorMap.Jet;

    /// <summary>The image's share of each pixel, 0 (only the heat map) to 1 (only the image); default 0.5.</summary>
    public float ImageWeight { get; init; } = 0.5f;

    /// <summary>Draw over the network input (resized or letterboxed) instead of the original image.</summary>
    public bool AtInputSize { get; init; }

    /// <summary>The defaults: jet, half image, on the original image.</summary>
    public static OverlayOptions Default { get; } = new();

    /// <summary>Checks the values; a bad one names the property.</summary>
    public void Validate()
    {
        if (!(ImageWeight >= 0 && ImageWeight <= 1))
            throw new InputException($"The image weight must be between 0 and 1; got {ImageWeight}.") { Parameter = nameof(ImageWeight) };
    }
}
