namespace CamSharp.Imaging;

/// <summary>
/// Size checks every decoder makes from the header, before allocating pixels: dimensions
/// positive, within the pixel cap, and plausible for the bytes actually present.
/// </summary>
internal static class DecodeGuard
{
    public static void CheckDimensions(string? name, string format, long width, long height, long maxPixels)
    {
        if (width <= 0 || height <= 0)
            ImageFormatException.Throw(name, $"{format} has zero or negative dimensions {width}x{height}");
        if (width * height > maxPixels)
            ImageFormatException.Throw(name, $"{format} is {width}x{height} = {width * height} pixels, more than the cap of {maxPixels}");
        if (width * height * 3 > Array.MaxLength)
            ImageFormatException.Throw(name, $"{format} is {width}x{height}, too large for one RGB array");
    }
}
