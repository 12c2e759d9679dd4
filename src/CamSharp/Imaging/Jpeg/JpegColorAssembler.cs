namespace CamSharp.Imaging.Jpeg;

/// <summary>Turns decoded component planes into RGB rows: upsampling, then YCbCr, RGB or gray conversion.</summary>
internal static class JpegColorAssembler
{
    public static RgbImage Assemble(JpegComponent[] comps, int width, int height, int hMax, int vMax, bool isRgb)
    {
        var img = new RgbImage(width, height);
        var ups = Array.ConvertAll(comps, c => new ChromaUpsampler(c, hMax, vMax, width));
        for (int y = 0; y < height; y++)
        {
            var dst = img.Row(y);
            if (comps.Length == 1)
            {
                var g = ups[0].Row(y);
                for (int x = 0; x < width; x++) dst[3 * x] = dst[3 * x + 1] = dst[3 * x + 2] = g[x];
            }
            else if (isRgb)
            {
                ReadOnlySpan<byte> r = ups[0].Row(y), gr = ups[1].Row(y), b = ups[2].Row(y);
                for (int x = 0; x < width; x++) { dst[3 * x] = r[x]; dst[3 * x + 1] = gr[x]; dst[3 * x + 2] = b[x]; }
            }
            else
            {
                YCbCrConverter.ConvertRow(ups[0].Row(y), ups[1].Row(y), ups[2].Row(y), dst, width);
            }
        }
        return img;
    }
}
