namespace CamSharp.Explain;

/// <summary>
/// RISE's random masks as OpenVINO XAI makes them: a cells×cells binary grid (each cell on
/// with the given probability), upsampled bicubically (OpenCV's INTER_CUBIC: a = −0.75,
/// half-pixel centres, edges clamped) to (cells + 1)·⌈size / cells⌉, cropped at a random
/// shift below one cell, clipped to [0, 1].
/// </summary>
public static class RiseMasks
{
    /// <summary>The mask of a given grid (row-major cells×cells) and shift (below ⌈size / cells⌉), written into <paramref name="into"/> when given.</summary>
    public static float[] FromGrid(IReadOnlyList<bool> grid, int cells, int shiftY, int shiftX, int height, int width, float[]? into = null)
    {
        if (cells < 1 || grid.Count != cells * cells)
            throw new ArgumentException($"A RISE grid of {cells}×{cells} cells needs {cells * cells} values; got {grid.Count}.", nameof(grid));
        int cellH = CellSize(height, cells), cellW = CellSize(width, cells);
        if (shiftY < 0 || shiftY >= cellH || shiftX < 0 || shiftX >= cellW)
            throw new ArgumentOutOfRangeException(nameof(shiftY), $"RISE shifts must lie in [0, {cellH}) × [0, {cellW}); got ({shiftY}, {shiftX}).");
        int upH = (cells + 1) * cellH, upW = (cells + 1) * cellW;
        var (rowsAt, rowWeights) = CubicTaps(cells, upH, shiftY, height);
        var (colsAt, colWeights) = CubicTaps(cells, upW, shiftX, width);
        // Separable: columns first (cells rows × width), then rows.
        var across = new float[cells * width];
        for (int r = 0; r < cells; r++)
            for (int x = 0; x < width; x++)
            {
                float v = 0;
                for (int t = 0; t < 4; t++) v += colWeights[x * 4 + t] * (grid[r * cells + colsAt[x * 4 + t]] ? 1f : 0f);
                across[r * width + x] = v;
            }
        var mask = MaskSource.Buffer(into, height * width);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                float v = 0;
                for (int t = 0; t < 4; t++) v += rowWeights[y * 4 + t] * across[rowsAt[y * 4 + t] * width + x];
                mask[y * width + x] = System.Math.Clamp(v, 0f, 1f);
            }
        return mask;
    }

    /// <summary>⌈size / cells⌉.</summary>
    public static int CellSize(int size, int cells) => (size + cells - 1) / cells;

    /// <summary>For output positions shift … shift + count − 1 of a cells → up resize: four source indices and weights each.</summary>
    private static (int[] At, float[] Weights) CubicTaps(int cells, int up, int shift, int count)
    {
        var at = new int[count * 4];
        var weights = new float[count * 4];
        double scale = (double)cells / up;
        for (int o = 0; o < count; o++)
        {
            double f = (o + shift + 0.5) * scale - 0.5;
            int i = (int)System.Math.Floor(f);
            double t = f - i;
            for (int k = 0; k < 4; k++)
            {
                at[o * 4 + k] = System.Math.Clamp(i - 1 + k, 0, cells - 1);
                weights[o * 4 + k] = (float)Cubic(t + 1 - k);
            }
        }
        return (at, weights);
    }

    /// <summary>The cubic convolution kernel with a = −0.75 (OpenCV, PyTorch).</summary>
    private static double Cubic(double x)
    {
        const double a = -0.75;
        x = System.Math.Abs(x);
        return x <= 1 ? ((a + 2) * x - (a + 3)) * x * x + 1
            : x < 2 ? ((a * x - 5 * a) * x + 8 * a) * x - 4 * a : 0;
    }
}

/// <summary>
/// <paramref name="count"/> masks, each made when asked for (full-size masks of thousands do not fit
/// in memory). Generated masks are written into buffers handed back by <see cref="Release"/>: each is
/// as large as the image, so making a fresh one per mask fills the large-object heap far past the
/// memory budget before a full collection frees them.
/// </summary>
internal sealed class MaskSource(int count, Func<int, float[]?, float[]> make, bool recycles)
{
    private readonly Stack<float[]> _free = new();

    public int Count => count;

    /// <summary>Mask <paramref name="k"/>, in a released buffer when there is one.</summary>
    public float[] Make(int k) => make(k, recycles && _free.TryPop(out var buffer) ? buffer : null);

    /// <summary>A mask that has been used, for the next one to be written into (given masks stay the caller's).</summary>
    public void Release(float[] mask)
    {
        if (recycles) _free.Push(mask);
    }

    /// <summary>The buffer to write a mask of <paramref name="length"/> values into.</summary>
    internal static float[] Buffer(float[]? into, int length) =>
        into is null ? new float[length]
        : into.Length == length ? into
        : throw new ArgumentException($"A mask buffer of {into.Length} values cannot hold {length}.", nameof(into));
}
