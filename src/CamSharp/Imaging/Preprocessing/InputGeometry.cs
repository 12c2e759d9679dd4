namespace CamSharp.Imaging.Preprocessing;

/// <summary>
/// How an original image maps onto the network input, and back: a plain resize, a
/// letterbox or a centre crop. Maps and boxes computed on the input are carried back with it.
/// </summary>
public sealed class InputGeometry
{
    private InputGeometry(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight, LetterboxInfo? letterbox, CentreCropInfo? crop = null)
    {
        Crop = crop;
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        InputWidth = inputWidth;
        InputHeight = inputHeight;
        Letterbox = letterbox;
    }

    public int SourceWidth { get; }

    public int SourceHeight { get; }

    public int InputWidth { get; }

    public int InputHeight { get; }

    /// <summary>The letterbox used, or null for a plain resize or a crop.</summary>
    public LetterboxInfo? Letterbox { get; }

    /// <summary>The centre crop used (the input shows only part of the image), or null.</summary>
    public CentreCropInfo? Crop { get; }

    public static InputGeometry Resize(int sourceWidth, int sourceHeight, int inputWidth, int inputHeight) =>
        new(sourceWidth, sourceHeight, inputWidth, inputHeight, null);

    public static InputGeometry Letterboxed(LetterboxInfo info) =>
        new(info.SourceWidth, info.SourceHeight, info.TargetWidth, info.TargetHeight, info);

    public static InputGeometry Cropped(CentreCropInfo info) =>
        new(info.SourceWidth, info.SourceHeight, info.CropWidth, info.CropHeight, null, info);

    /// <summary>A point in network-input pixels, in original-image pixels.</summary>
    public (double X, double Y) PointToSource(double x, double y) => Letterbox is { } l ? l.PointToSource(x, y)
        : Crop is { } c ? c.PointToSource(x, y)
        : ((x + 0.5) * SourceWidth / InputWidth - 0.5, (y + 0.5) * SourceHeight / InputHeight - 0.5);

    /// <summary>A box (x0, y0, x1, y1) in network-input pixels, in original-image pixels.</summary>
    public (double X0, double Y0, double X1, double Y1) BoxToSource(double x0, double y0, double x1, double y1, bool clip = true)
    {
        if (Letterbox is { } l) return l.BoxToSource(x0, y0, x1, y1, clip);
        if (Crop is { } crop) return crop.BoxToSource(x0, y0, x1, y1, clip);
        double sx = (double)SourceWidth / InputWidth, sy = (double)SourceHeight / InputHeight;
        double a = x0 * sx, b = y0 * sy, c = x1 * sx, d = y1 * sy;
        if (clip)
        {
            a = Math.Clamp(a, 0, SourceWidth); c = Math.Clamp(c, 0, SourceWidth);
            b = Math.Clamp(b, 0, SourceHeight); d = Math.Clamp(d, 0, SourceHeight);
        }
        return (a, b, c, d);
    }

    /// <summary>A map over the network input (any resolution) over the original image.</summary>
    public FloatMap MapToSource(FloatMap map) => Letterbox is { } l ? l.MapToSource(map)
        : Crop is { } c ? c.MapToSource(map)
        : ImageResize.Resize(map, SourceWidth, SourceHeight);
}
