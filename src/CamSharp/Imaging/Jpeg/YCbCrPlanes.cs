namespace CamSharp.Imaging.Jpeg;

/// <summary>An image split into float Y, Cb, Cr planes (JFIF conversion) for encoding, with edge-replicating block reads.</summary>
internal sealed class YCbCrPlanes
{
    public required float[] Y, Cb, Cr;
    public required int Width, Height;

    public static YCbCrPlanes From(RgbImage img)
    {
        int n = img.Width * img.Height;
        var y = new float[n];
        var cb = new float[n];
        var cr = new float[n];
        var p = img.Pixels;
        for (int i = 0; i < n; i++)
        {
            float r = p[3 * i], g = p[3 * i + 1], b = p[3 * i + 2];
            y[i] = 0.299f * r + 0.587f * g + 0.114f * b;
            cb[i] = -0.168736f * r - 0.331264f * g + 0.5f * b + 128f;
            cr[i] = 0.5f * r - 0.418688f * g - 0.081312f * b + 128f;
        }
        return new YCbCrPlanes { Y = y, Cb = cb, Cr = cr, Width = img.Width, Height = img.Height };
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
