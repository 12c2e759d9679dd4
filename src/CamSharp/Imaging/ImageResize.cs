using CamSharp.Imaging.Resize;

namespace CamSharp.Imaging;

/// <summary>
/// Resizing with OpenCV's <c>cv::resize</c> results: the same size is a copy; 8-bit bilinear
/// uses 11-bit fixed-point weights, and exactly half size on both axes is averaged as
/// INTER_AREA (as OpenCV does); INTER_AREA averages covered pixels when shrinking and
/// interpolates when enlarging. Float maps use float32 arithmetic.
/// </summary>
public static class ImageResize
{
    public static RgbImage Resize(RgbImage src, int width, int height, Interpolation mode = Interpolation.Linear)
    {
        ArgumentNullException.ThrowIfNull(src);
        var dst = new RgbImage(width, height);
        if (width == src.Width && height == src.Height)
        {
            src.Pixels.CopyTo(dst.Pixels, 0);
            return dst;
        }
        int sw = src.Width, sh = src.Height;
        bool halfBoth = AreaByteResizer.IsIntegerScale(sw, sh, width, height, out int kx, out int ky) && kx == 2 && ky == 2;
        switch (mode)
        {
            case Interpolation.Nearest:
                NearestBytes(src, dst);
                break;
            case Interpolation.Linear when !halfBoth:
                LinearByteResizer.Resize(src.Pixels, sw, sh, dst.Pixels, width, height, 3);
                break;
            case Interpolation.Linear:
            case Interpolation.Area when width <= sw && height <= sh:
                AreaByteResizer.Resize(src.Pixels, sw, sh, dst.Pixels, width, height, 3);
                break;
            case Interpolation.Area:
                LinearByteResizer.Resize(src.Pixels, sw, sh, dst.Pixels, width, height, 3, areaWeights: true);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
        }
        return dst;
    }

    /// <summary>Nearest or bilinear (half-pixel centres, OpenCV INTER_LINEAR) resizing of a float map.</summary>
    public static FloatMap Resize(FloatMap src, int width, int height, Interpolation mode = Interpolation.Linear)
    {
        ArgumentNullException.ThrowIfNull(src);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width == src.Width && height == src.Height) return new FloatMap(width, height, (float[])src.Data.Clone());
        return mode switch
        {
            Interpolation.Linear => FloatResizer.Linear(src, width, height),
            Interpolation.Nearest => FloatResizer.Nearest(src, width, height),
            _ => throw new ArgumentException("Float maps resize with Nearest or Linear.", nameof(mode)),
        };
    }

    /// <summary>Bilinear with <c>align_corners=True</c> (PyTorch <c>F.interpolate</c>), as ScoreCAM upsamples activations.</summary>
    public static FloatMap ResizeAlignCorners(FloatMap src, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(src);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return FloatResizer.LinearAlignCorners(src, width, height);
    }

    private static void NearestBytes(RgbImage src, RgbImage dst)
    {
        var xi = ResizeCoefficients.Nearest(src.Width, dst.Width);
        var yi = ResizeCoefficients.Nearest(src.Height, dst.Height);
        for (int y = 0; y < dst.Height; y++)
        {
            var s = src.Row(yi[y]);
            var d = dst.Row(y);
            for (int x = 0; x < dst.Width; x++)
            {
                int si = xi[x] * 3;
                d[3 * x] = s[si]; d[3 * x + 1] = s[si + 1]; d[3 * x + 2] = s[si + 2];
            }
        }
    }
}
