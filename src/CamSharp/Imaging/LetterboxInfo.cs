namespace CamSharp.Imaging;

/// <summary>
/// How an image was letterboxed into a network input: scale, content size and padding, with
/// the inverse mappings that bring points, boxes and maps back to the original image.
/// </summary>
public sealed record LetterboxInfo(
    int SourceWidth, int SourceHeight, int TargetWidth, int TargetHeight,
    double Scale, int ContentWidth, int ContentHeight, int PadLeft, int PadTop)
{
    /// <summary>A point in the network input (pixel coordinates) in the original image.</summary>
    public (double X, double Y) PointToSource(double x, double y) => ((x - PadLeft) / Scale, (y - PadTop) / Scale);

    /// <summary>A point of the original image in the network input.</summary>
    public (double X, double Y) PointToTarget(double x, double y) => (x * Scale + PadLeft, y * Scale + PadTop);

    /// <summary>
    /// A box <c>(x0, y0, x1, y1)</c> in the network input mapped to the original image,
    /// clipped to it when <paramref name="clip"/> (as Ultralytics' <c>scale_boxes</c> does).
    /// </summary>
    public (double X0, double Y0, double X1, double Y1) BoxToSource(double x0, double y0, double x1, double y1, bool clip = true)
    {
        var (ax, ay) = PointToSource(x0, y0);
        var (bx, by) = PointToSource(x1, y1);
        if (clip)
        {
            ax = Math.Clamp(ax, 0, SourceWidth); bx = Math.Clamp(bx, 0, SourceWidth);
            ay = Math.Clamp(ay, 0, SourceHeight); by = Math.Clamp(by, 0, SourceHeight);
        }
        return (ax, ay, bx, by);
    }

    /// <summary>
    /// A map over the network input (any resolution; it is first brought to the input size)
    /// mapped to the original image: the padding is cropped off and the content region resized
    /// bilinearly to the source size.
    /// </summary>
    public FloatMap MapToSource(FloatMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Width != TargetWidth || map.Height != TargetHeight) map = ImageResize.Resize(map, TargetWidth, TargetHeight);
        var content = new FloatMap(ContentWidth, ContentHeight);
        for (int y = 0; y < ContentHeight; y++)
            map.Data.AsSpan((y + PadTop) * TargetWidth + PadLeft, ContentWidth).CopyTo(content.Row(y));
        return ImageResize.Resize(content, SourceWidth, SourceHeight);
    }
}
