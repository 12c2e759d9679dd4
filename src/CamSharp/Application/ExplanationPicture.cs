using CamSharp.Imaging;

namespace CamSharp.Application;

/// <summary>How one map of an <see cref="Explanation"/> is drawn: over the source image, over the network input, or alone.</summary>
public static class ExplanationPicture
{
    /// <summary>
    /// One map drawn: the method's own picture when it has one (guided backpropagation, input
    /// attributions), else the map over the source image (or over the network input, or alone
    /// when a tensor was explained), as <paramref name="options"/> say.
    /// </summary>
    public static RgbImage Draw(Explanation explanation, ExplainedMap shown, OverlayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(shown);
        options ??= OverlayOptions.Default;
        options.Validate();
        var (colorMap, imageWeight, atInputSize) = (options.ColorMap, options.ImageWeight, options.AtInputSize);
        if (shown.Picture is { } picture) return picture;
        var map = shown.AtInput ?? throw new ArgumentException("The map has neither values nor a picture.", nameof(shown));
        if (explanation.Input is not { } prepared) return colorMap.Apply(map);
        return atInputSize
            ? HeatmapOverlay.ShowCamOnImage(prepared.NetworkImage, map, colorMap, imageWeight)
            : HeatmapOverlay.ShowCamOnImage(prepared.Original, shown.OnImage ?? prepared.Geometry.MapToSource(map), colorMap, imageWeight);
    }
}
