namespace CamSharp.Imaging;

/// <summary>
/// Size checks every decoder makes from the header, before allocating pixels: dimensions
/// positive, within the pixel cap, plausible for the bytes actually present, and — inside a
/// <see cref="Budget"/> scope — the decoder's working buffers plus the RGB result (plus what the
/// caller will still make per pixel) within the memory budget.
/// </summary>
internal static class DecodeGuard
{
    [ThreadStatic] private static long t_budget;
    [ThreadStatic] private static int t_laterBytesPerPixel;

    /// <summary>Decodes on this thread until disposed must fit <paramref name="bytes"/>.</summary>
    public static IDisposable Budget(long bytes, int laterBytesPerPixel = 0)
    {
        var scope = new Scope(t_budget, t_laterBytesPerPixel);
        t_budget = Math.Max(1, bytes);
        t_laterBytesPerPixel = laterBytesPerPixel;
        return scope;
    }

    public static void CheckDimensions(string? name, string format, long width, long height, long maxPixels)
    {
        if (width <= 0 || height <= 0)
            ImageFormatException.Throw(name, $"{format} has zero or negative dimensions {width}x{height}");
        if (width * height > maxPixels)
            ImageFormatException.Throw(name, $"{format} is {width}x{height} = {width * height} pixels, more than the cap of {maxPixels}");
        if (width * height * 3 > Array.MaxLength)
            ImageFormatException.Throw(name, $"{format} is {width}x{height}, too large for one RGB array");
        CheckMemory(name, format, width, height, 0);
    }

    /// <summary>
    /// The decoder's own buffers (<paramref name="workingBytes"/>) plus the RGB image and what the
    /// caller makes per pixel must fit the budget in force, if any.
    /// </summary>
    public static void CheckMemory(string? name, string format, long width, long height, long workingBytes)
    {
        if (t_budget <= 0) return;
        long pixels = width * height;
        long need = workingBytes + ResourceLimits.SaturatingMultiply(pixels, 3 + t_laterBytesPerPixel);
        if (need > t_budget)
            throw new ResourceLimitException(nameof(ResourceLimits.MemoryBytes), need, t_budget,
                $"{name ?? "image"}: the {format} image is {width}x{height}; decoding and drawing it takes about {ResourceLimits.FormatBytes(need)}, over the memory budget of {ResourceLimits.FormatBytes(t_budget)}.");
    }

    private sealed class Scope(long budget, int later) : IDisposable
    {
        public void Dispose()
        {
            t_budget = budget;
            t_laterBytesPerPixel = later;
        }
    }
}
