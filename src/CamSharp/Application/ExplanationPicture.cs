using CamSharp.Imaging;

namespace CamSharp.Application;

/// <summary>How one map of an <see cref="Explanation"/> is drawn: over the source image, over the network input, or alone.</summary>
public static class ExplanationPicture
{
    public static RgbImage Draw(Explanation explanation, ExplainedMap shown, ColorMap? colorMap = null, float imageWeight = 0.5f, bool atInputSize = false)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        ArgumentNullException.ThrowIfNull(shown);
        colorMap ??= ColorMap.Jet;
        if (shown.Picture is { } picture) return picture;
        var map = shown.AtInput ?? throw new ArgumentException("The map has neither values nor a picture.", nameof(shown));
        if (explanation.Input is not { } prepared) return colorMap.Apply(map);
        return atInputSize
            ? HeatmapOverlay.ShowCamOnImage(prepared.NetworkImage, map, colorMap, imageWeight)
            : HeatmapOverlay.ShowCamOnImage(prepared.Original, shown.OnImage ?? prepared.Geometry.MapToSource(map), colorMap, imageWeight);
    }
}
