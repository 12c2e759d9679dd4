namespace CamSharp.Imaging;

/// <summary>
/// Resize, then cut the network input out of the centre, as torchvision's video presets do
/// (<c>VideoClassification</c>: <c>F.resize(resize_size)</c>, then <c>F.center_crop(crop_size)</c>).
/// One size given is the short side, the long side following the aspect ratio and truncated
/// (<c>int(short · long / short_side)</c>); two are the height and width exactly. The crop's
/// offsets are <c>round((resized − crop) / 2)</c>, halves to even as Python rounds.
/// </summary>
public static class CentreCrop
{
    public static (RgbImage Image, CentreCropInfo Info) Apply(RgbImage source, int cropWidth, int cropHeight, IReadOnlyList<int> resizeSize)
    {
        ArgumentNullException.ThrowIfNull(source);
        var info = Plan(source.Width, source.Height, cropWidth, cropHeight, resizeSize);
        var resized = ImageResize.Resize(source, info.ResizedWidth, info.ResizedHeight);
        var crop = new RgbImage(cropWidth, cropHeight);
        for (int y = 0; y < cropHeight; y++)
            resized.Row(y + info.Top).Slice(3 * info.Left, 3 * cropWidth).CopyTo(crop.Row(y));
        return (crop, info);
    }

    /// <summary>The geometry alone, without touching pixels.</summary>
    public static CentreCropInfo Plan(int sourceWidth, int sourceHeight, int cropWidth, int cropHeight, IReadOnlyList<int> resizeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cropWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cropHeight);
        ArgumentNullException.ThrowIfNull(resizeSize);
        var (w, h) = ResizedSize(sourceWidth, sourceHeight, resizeSize);
        if (w < cropWidth || h < cropHeight)
            throw new ArgumentException($"A {sourceWidth}x{sourceHeight} image resized to {w}x{h} is smaller than the {cropWidth}x{cropHeight} centre crop.", nameof(resizeSize));
        int left = (int)Math.Round((w - cropWidth) / 2.0, MidpointRounding.ToEven);
        int top = (int)Math.Round((h - cropHeight) / 2.0, MidpointRounding.ToEven);
        return new CentreCropInfo(sourceWidth, sourceHeight, w, h, cropWidth, cropHeight, left, top);
    }

    /// <summary>torchvision's <c>_compute_resized_output_size</c>: [short side] keeps the aspect ratio, [height, width] is exact.</summary>
    public static (int Width, int Height) ResizedSize(int sourceWidth, int sourceHeight, IReadOnlyList<int> resizeSize)
    {
        CheckResizeSize(resizeSize, nameof(resizeSize));
        if (resizeSize.Count == 2) return (resizeSize[1], resizeSize[0]);
        int shortSide = resizeSize[0];
        bool portrait = sourceWidth <= sourceHeight;
        int sourceShort = portrait ? sourceWidth : sourceHeight, sourceLong = portrait ? sourceHeight : sourceWidth;
        int longSide = (int)((long)shortSide * sourceLong / sourceShort);
        return portrait ? (shortSide, longSide) : (longSide, shortSide);
    }

    /// <summary>Refuses a resize size that is not [short side] or [height, width] of positive numbers.</summary>
    internal static void CheckResizeSize(IReadOnlyList<int> resizeSize, string parameter)
    {
        ArgumentNullException.ThrowIfNull(resizeSize, parameter);
        if (resizeSize.Count is not (1 or 2) || resizeSize.Any(s => s <= 0))
            throw new ArgumentException($"A resize size is one positive number (the short side) or two (height, width); got [{string.Join(", ", resizeSize)}].", parameter);
    }
}
