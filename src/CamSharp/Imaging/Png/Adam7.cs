namespace CamSharp.Imaging.Png;

/// <summary>The seven passes of Adam7 interlacing (PNG spec section 8.2).</summary>
internal static class Adam7
{
    private static ReadOnlySpan<byte> StartX => [0, 4, 0, 2, 0, 1, 0];
    private static ReadOnlySpan<byte> StartY => [0, 0, 4, 0, 2, 0, 1];
    private static ReadOnlySpan<byte> StepX => [8, 8, 4, 4, 2, 2, 1];
    private static ReadOnlySpan<byte> StepY => [8, 8, 8, 4, 4, 2, 2];

    public readonly record struct Pass(int X0, int Y0, int Dx, int Dy, int Width, int Height);

    /// <summary>Pass <paramref name="p"/> (0–6) of a <paramref name="width"/>×<paramref name="height"/> image; empty passes have zero width or height.</summary>
    public static Pass Get(int p, int width, int height)
    {
        int x0 = StartX[p], y0 = StartY[p], dx = StepX[p], dy = StepY[p];
        int w = width > x0 ? (width - x0 + dx - 1) / dx : 0;
        int h = height > y0 ? (height - y0 + dy - 1) / dy : 0;
        return new Pass(x0, y0, dx, dy, w, h);
    }
}
