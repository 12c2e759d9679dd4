namespace CamSharp.Imaging;

/// <summary>
/// Letterboxing as YOLO preprocessing does it (Ultralytics <c>LetterBox</c>): scale by
/// <c>r = min(H/h, W/w)</c>, round the new size to the nearest integer, resize, and pad with a
/// constant, centred (<c>left = (W − nw) / 2</c>, integer division) or at the top-left.
/// </summary>
public static class Letterbox
{
    public const byte DefaultPadValue = 114;

    public static (RgbImage Image, LetterboxInfo Info) Apply(RgbImage source, int targetWidth, int targetHeight,
        byte padValue = DefaultPadValue, bool center = true, Interpolation interpolation = Interpolation.Linear)
    {
        ArgumentNullException.ThrowIfNull(source);
        var info = Plan(source.Width, source.Height, targetWidth, targetHeight, center);
        var content = ImageResize.Resize(source, info.ContentWidth, info.ContentHeight, interpolation);
        var canvas = RgbImage.Filled(targetWidth, targetHeight, new Rgb(padValue, padValue, padValue));
        Draw.Paste(canvas, content, info.PadLeft, info.PadTop);
        return (canvas, info);
    }

    /// <summary>The geometry alone, without touching pixels.</summary>
    public static LetterboxInfo Plan(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight, bool center = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetHeight);
        double r = Math.Min((double)targetHeight / sourceHeight, (double)targetWidth / sourceWidth);
        int nw = Math.Clamp((int)Math.Round(sourceWidth * r), 1, targetWidth);
        int nh = Math.Clamp((int)Math.Round(sourceHeight * r), 1, targetHeight);
        int left = center ? (targetWidth - nw) / 2 : 0;
        int top = center ? (targetHeight - nh) / 2 : 0;
        return new LetterboxInfo(sourceWidth, sourceHeight, targetWidth, targetHeight, r, nw, nh, left, top);
    }
}
