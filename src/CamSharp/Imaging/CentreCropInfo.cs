namespace CamSharp.Imaging;

/// <summary>
/// How an image was resized and centre-cropped into a network input (<see cref="CentreCrop"/>),
/// with the inverse mappings: the input covers the source rectangle
/// [Left, Left + CropWidth) × [Top, Top + CropHeight) of the resized image, and nothing else.
/// </summary>
public sealed record CentreCropInfo(
    int SourceWidth, int SourceHeight, int ResizedWidth, int ResizedHeight, int CropWidth, int CropHeight, int Left, int Top)
{
    private double ScaleX => (double)SourceWidth / ResizedWidth;

    private double ScaleY => (double)SourceHeight / ResizedHeight;

    /// <summary>A point in the network input (pixel centres at +0.5) in the original image.</summary>
    public (double X, double Y) PointToSource(double x, double y) =>
        ((x + Left + 0.5) * ScaleX - 0.5, (y + Top + 0.5) * ScaleY - 0.5);

    /// <summary>The part of the original image the network saw, as (x0, y0, x1, y1) in its pixels.</summary>
    public (double X0, double Y0, double X1, double Y1) SeenRegion => BoxToSource(0, 0, CropWidth, CropHeight);

    /// <summary>A box (x0, y0, x1, y1) in the network input, in original-image pixels, clipped to the image when <paramref name="clip"/>.</summary>
    public (double X0, double Y0, double X1, double Y1) BoxToSource(double x0, double y0, double x1, double y1, bool clip = true)
    {
        double a = (x0 + Left) * ScaleX, b = (y0 + Top) * ScaleY, c = (x1 + Left) * ScaleX, d = (y1 + Top) * ScaleY;
        if (clip)
        {
            a = Math.Clamp(a, 0, SourceWidth); c = Math.Clamp(c, 0, SourceWidth);
            b = Math.Clamp(b, 0, SourceHeight); d = Math.Clamp(d, 0, SourceHeight);
        }
        return (a, b, c, d);
    }

    /// <summary>
    /// A map over the network input (any resolution) over the original image: placed on the
    /// resized image's grid at the crop, zero where the network saw nothing (the cut-off
    /// borders), then resized bilinearly to the source size.
    /// </summary>
    public FloatMap MapToSource(FloatMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Width != CropWidth || map.Height != CropHeight) map = ImageResize.Resize(map, CropWidth, CropHeight);
        var canvas = new FloatMap(ResizedWidth, ResizedHeight);
        for (int y = 0; y < CropHeight; y++)
            map.Row(y).CopyTo(canvas.Data.AsSpan((y + Top) * ResizedWidth + Left, CropWidth));
        return ImageResize.Resize(canvas, SourceWidth, SourceHeight);
    }
}
