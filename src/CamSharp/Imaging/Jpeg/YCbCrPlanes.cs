namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// A band of an image's rows split into float Y, Cb, Cr planes (JFIF conversion) for encoding, with
/// edge-replicating block reads. The encoder converts one row of MCUs at a time: planes of the
/// whole image took 12 bytes a pixel (a 3244×4540 picture: 177 MB).
/// </summary>
internal sealed class YCbCrPlanes
{
    public required float[] Y, Cb, Cr;
    public required int Width, Height;

    /// <summary>Planes for <paramref name="rows"/> rows from <paramref name="top"/> (fewer at the image's end: blocks repeat its last row).</summary>
    public static YCbCrPlanes Band(RgbImage img, int top, int rows, YCbCrPlanes? reuse = null)
    {
        int height = Math.Min(rows, img.Height - top), n = img.Width * height;
        var planes = reuse is not null && reuse.Y.Length >= n ? reuse
            : new YCbCrPlanes { Y = new float[n], Cb = new float[n], Cr = new float[n], Width = img.Width, Height = height };
        planes.Height = height;
        var p = img.Pixels.AsSpan(top * img.Stride, n * 3);
        for (int i = 0; i < n; i++)
        {
            float r = p[3 * i], g = p[3 * i + 1], b = p[3 * i + 2];
            planes.Y[i] = 0.299f * r + 0.587f * g + 0.114f * b;
            planes.Cb[i] = -0.168736f * r - 0.331264f * g + 0.5f * b + 128f;
            planes.Cr[i] = 0.5f * r - 0.418688f * g - 0.081312f * b + 128f;
        }
        return planes;
    }

    /// <summary>
    /// An 8×8 block of <paramref name="plane"/> starting at (<paramref name="x0"/>, <paramref name="y0"/>),
    /// each sample the mean of an <paramref name="sx"/>×<paramref name="sy"/> cell (subsampling), minus 128.
    /// Coordinates past the image repeat its last row and column.
    /// </summary>
    public void Block(float[] plane, int x0, int y0, int sx, int sy, Span<float> block)
    {
        float inv = 1f / (sx * sy);
        for (int by = 0; by < 8; by++)
            for (int bx = 0; bx < 8; bx++)
            {
                float sum = 0;
                for (int j = 0; j < sy; j++)
                {
                    int y = Math.Min(y0 + by * sy + j, Height - 1);
                    for (int i = 0; i < sx; i++) sum += plane[y * Width + Math.Min(x0 + bx * sx + i, Width - 1)];
                }
                block[by * 8 + bx] = sum * inv - 128f;
            }
    }
}
