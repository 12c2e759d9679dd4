namespace CamSharp.Explain;

/// <summary>
/// D-RISE's occlusion masks as vision-explanation-methods makes them (<c>generate_mask</c>): a
/// res×res grid of 0/1 (each cell on with probability ½), resized nearest-neighbour (PyTorch's
/// legacy <c>nearest</c>: source = ⌊dst · in / out⌋) to (H + pad) × (W + pad), pad =
/// ⌊max(H, W) / res⌋ by default, and cropped at an offset in [0, pad] each way.
/// </summary>
public static class DriseMasks
{
    /// <summary>The padding vision-explanation-methods uses: int(max(H / res, W / res)).</summary>
    public static int Padding(int height, int width, int resolution) =>
        (int)System.Math.Max((double)height / resolution, (double)width / resolution);

    /// <summary>The mask of a given grid (row-major res×res) cropped at (top, left) of the padded resize.</summary>
    public static float[] FromGrid(IReadOnlyList<bool> grid, int resolution, int padding, int top, int left, int height, int width, float[]? into = null)
    {
        if (resolution < 1 || grid.Count != resolution * resolution)
            throw new ArgumentException($"A D-RISE grid of {resolution}×{resolution} cells needs {resolution * resolution} values; got {grid.Count}.", nameof(grid));
        if (top < 0 || top > padding || left < 0 || left > padding)
            throw new ArgumentOutOfRangeException(nameof(top), $"D-RISE crop offsets must lie in [0, {padding}]; got ({top}, {left}).");
        float scaleY = (float)resolution / (height + padding), scaleX = (float)resolution / (width + padding);
        var cols = new int[width];
        for (int x = 0; x < width; x++) cols[x] = System.Math.Min((int)System.MathF.Floor((x + left) * scaleX), resolution - 1);
        var mask = MaskSource.Buffer(into, height * width);
        for (int y = 0; y < height; y++)
        {
            int r = System.Math.Min((int)System.MathF.Floor((y + top) * scaleY), resolution - 1);
            for (int x = 0; x < width; x++) mask[y * width + x] = grid[r * resolution + cols[x]] ? 1f : 0f;
        }
        return mask;
    }
}
