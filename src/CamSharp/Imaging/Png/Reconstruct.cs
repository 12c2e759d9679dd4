namespace CamSharp.Imaging.Png;

/// <summary>Unfilters inflated PNG scanlines and writes them as RGB pixels, plain or Adam7.</summary>
internal static class Reconstruct
{
    /// <summary>Non-interlaced: one pass of full rows.</summary>
    public static RgbImage Progressive(byte[] raw, PngHeader h, byte[]? palette, string? name)
    {
        var img = new RgbImage(h.Width, h.Height);
        var conv = new PngRowConverter(h, palette);
        int rowBytes = (int)h.RowBytes(h.Width);
        ReadOnlySpan<byte> prior = new byte[rowBytes];
        int src = 0;
        for (int y = 0; y < h.Height; y++)
        {
            var row = raw.AsSpan(src + 1, rowBytes);
            if (!PngFilters.Unfilter(raw[src], row, prior, h.FilterStride))
                ImageFormatException.Throw(name, $"PNG row {y} has invalid filter type {raw[src]}");
            conv.Convert(row, h.Width, img.Row(y));
            prior = row; // rows are unfiltered in place, so the previous row is the reference
            src += rowBytes + 1;
        }
        return img;
    }

    /// <summary>Adam7: each pass is a small image whose pixels are scattered onto the grid.</summary>
    public static RgbImage Interlaced(byte[] raw, PngHeader h, byte[]? palette, string? name)
    {
        var img = new RgbImage(h.Width, h.Height);
        var conv = new PngRowConverter(h, palette);
        var pixels = img.Pixels;
        var rgbRow = new byte[h.Width * 3];
        int src = 0;
        for (int p = 0; p < 7; p++)
        {
            var pass = Adam7.Get(p, h.Width, h.Height);
            if (pass.Width == 0 || pass.Height == 0) continue;
            int rowBytes = (int)h.RowBytes(pass.Width);
            var prior = new byte[rowBytes];
            for (int py = 0; py < pass.Height; py++)
            {
                var row = raw.AsSpan(src + 1, rowBytes);
                if (!PngFilters.Unfilter(raw[src], row, prior, h.FilterStride))
                    ImageFormatException.Throw(name, $"PNG pass {p + 1} row {py} has invalid filter type {raw[src]}");
                conv.Convert(row, pass.Width, rgbRow);
                int y = pass.Y0 + py * pass.Dy;
                for (int px = 0; px < pass.Width; px++)
                {
                    int d = (y * h.Width + pass.X0 + px * pass.Dx) * 3;
                    pixels[d] = rgbRow[3 * px]; pixels[d + 1] = rgbRow[3 * px + 1]; pixels[d + 2] = rgbRow[3 * px + 2];
                }
                row.CopyTo(prior);
                src += rowBytes + 1;
            }
        }
        return img;
    }
}
