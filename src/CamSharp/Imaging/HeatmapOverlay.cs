using CamSharp.Tensors;

namespace CamSharp.Imaging;

/// <summary>
/// Heat maps blended onto images exactly as the Python tools users compare with do it:
/// pytorch-grad-cam's <c>show_cam_on_image</c> and MMEngine's <c>convert_overlay_heatmap</c>
/// (used by <c>Visualizer.draw_featmap</c>). Arithmetic is float32 in the same order.
/// </summary>
public static class HeatmapOverlay
{
    /// <summary>
    /// pytorch-grad-cam <c>show_cam_on_image(img, mask, use_rgb=True, colormap, image_weight)</c>:
    /// <c>heat = map(uint8(255·mask)) / 255</c>, <c>cam = (1−w)·heat + w·img</c>,
    /// <c>cam /= max(cam)</c>, result <c>uint8(255·cam)</c> (truncating casts).
    /// </summary>
    /// <param name="image">RGB float32 in [0, 1], H×W×3 row-major.</param>
    /// <param name="mask">The CAM, values in [0, 1], same size as the image.</param>
    /// <param name="colorMap">Defaults to JET.</param>
    /// <param name="imageWeight">Weight of the image, in [0, 1].</param>
    public static RgbImage ShowCamOnImage(ReadOnlySpan<float> image, FloatMap mask, ColorMap? colorMap = null, float imageWeight = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int n = mask.Width * mask.Height;
        if (image.Length != 3 * n) throw new ArgumentException($"Image has {image.Length} values, the {mask.Width}x{mask.Height} mask needs {3 * n}.", nameof(image));
        if (imageWeight is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(imageWeight), imageWeight, "image_weight must be in [0, 1].");
        foreach (float v in image)
            if (v > 1) throw new ArgumentException("The input image should be float32 in the range [0, 1].", nameof(image));
        return Blend(new FloatPixels(image.ToArray()), mask, colorMap, imageWeight);
    }

    /// <summary><see cref="ShowCamOnImage(RgbImage, FloatMap, ColorMap?, float)"/> on checked values in [0, 1].</summary>
    private static RgbImage Blend<TPixels>(TPixels values, FloatMap mask, ColorMap? colorMap, float imageWeight) where TPixels : struct, IPixelValues
    {
        int n = mask.Width * mask.Height;
        var map = colorMap ?? ColorMap.Jet;
        float heatWeight = 1 - imageWeight;
        var mapData = mask.Data;
        // A photograph's overlay is millions of pixels: blocks of pixels on the worker team, each with its own
        // maximum (the same values and the same maximum as one pass, in any order). The blended values are
        // computed again for the bytes rather than kept: the same arithmetic gives the same floats, and a
        // float copy of the picture (4 bytes a value, fresh pages) cost more than the recomputation.
        int blocks = Math.Max(1, n / PixelsPerBlock);
        var maxima = new float[blocks];
        WorkerTeam.For(blocks, b =>
        {
            int end = b == blocks - 1 ? n : (b + 1) * PixelsPerBlock;
            var table = map.Table;
            float max = float.NegativeInfinity;
            for (int i = b * PixelsPerBlock; i < end; i++)
            {
                int t = 3 * TruncateToByte(255f * mapData[i]);
                for (int c = 0; c < 3; c++)
                {
                    float v = Mix(heatWeight, table[t + c], imageWeight, values[3 * i + c]);
                    if (v > max) max = v;
                }
            }
            maxima[b] = max;
        });
        float camMax = maxima.Max();
        var result = new RgbImage(mask.Width, mask.Height);
        var pixels = result.Pixels;
        WorkerTeam.For(blocks, b =>
        {
            int end = b == blocks - 1 ? n : (b + 1) * PixelsPerBlock;
            var table = map.Table;
            for (int i = b * PixelsPerBlock; i < end; i++)
            {
                int t = 3 * TruncateToByte(255f * mapData[i]);
                for (int c = 0; c < 3; c++)
                    pixels[3 * i + c] = TruncateToByte(255f * (Mix(heatWeight, table[t + c], imageWeight, values[3 * i + c]) / camMax));
            }
        });
        return result;
    }

    private const int PixelsPerBlock = 1 << 16;

    /// <summary><see cref="ShowCamOnImage(ReadOnlySpan{float}, FloatMap, ColorMap?, float)"/> on an 8-bit image taken as <c>float32(img) / 255</c>.</summary>
    public static RgbImage ShowCamOnImage(RgbImage image, FloatMap mask, ColorMap? colorMap = null, float imageWeight = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        if (image.Width != mask.Width || image.Height != mask.Height)
            throw new ArgumentException($"Image has {image.Pixels.Length} values, the {mask.Width}x{mask.Height} mask needs {3 * mask.Width * mask.Height}.", nameof(image));
        if (imageWeight is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(imageWeight), imageWeight, "image_weight must be in [0, 1].");
        // Each byte is read as float32(byte) / 255 where it is blended: a float copy of a photograph first was a
        // serial pass and 4 bytes a value more.
        return Blend(new BytePixels(image.Pixels), mask, colorMap, imageWeight);
    }

    /// <summary>The image's values in [0, 1] as the blend reads them, one at a time.</summary>
    private interface IPixelValues
    {
        float this[int i] { get; }
    }

    private readonly struct FloatPixels(float[] values) : IPixelValues
    {
        public float this[int i] => values[i];
    }

    private readonly struct BytePixels(byte[] pixels) : IPixelValues
    {
        public float this[int i] => pixels[i] / 255f;
    }

    /// <summary>
    /// MMEngine <c>convert_overlay_heatmap(feat_map, img, alpha)</c>: the map min–max
    /// normalised to 0..255 (<c>cv2.normalize</c> NORM_MINMAX, float32), cast to uint8 by
    /// truncation, coloured with JET (RGB), and when <paramref name="image"/> is given blended
    /// as <c>cv2.addWeighted(img, 1−α, heat, α, 0)</c> (rounded, saturated). A map of another
    /// size than the image is first resized to it bilinearly (half-pixel centres), as
    /// <c>draw_featmap</c> does with <c>F.interpolate</c>.
    /// </summary>
    public static RgbImage FeatureMapOverlay(FloatMap featureMap, RgbImage? image, float alpha = 0.5f, ColorMap? colorMap = null)
    {
        ArgumentNullException.ThrowIfNull(featureMap);
        if (image is not null && (image.Width != featureMap.Width || image.Height != featureMap.Height))
            featureMap = ImageResize.Resize(featureMap, image.Width, image.Height);
        var heat = (colorMap ?? ColorMap.Jet).Apply(NormalizeMinMaxToBytes(featureMap.Data), featureMap.Width, featureMap.Height);
        return image is null ? heat : AddWeighted(image, 1 - alpha, heat, alpha, 0);
    }

    /// <summary><c>np.uint8(cv2.normalize(x, None, 0, 255, cv2.NORM_MINMAX))</c> for a float32 array.</summary>
    public static byte[] NormalizeMinMaxToBytes(ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in values) { if (v < min) min = v; if (v > max) max = v; }
        double range = (double)max - min;
        double scale = 255.0 * (range > 2.220446049250313e-16 ? 1.0 / range : 0);
        double shift = -min * scale;
        float fs = (float)scale, fsh = (float)shift;
        var result = new byte[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = TruncateToByte(MathF.FusedMultiplyAdd(values[i], fs, fsh));
        return result;
    }

    /// <summary><c>cv2.addWeighted(a, alpha, b, beta, gamma)</c> on 8-bit images: float arithmetic, rounded half to even, saturated.</summary>
    public static RgbImage AddWeighted(RgbImage a, float alpha, RgbImage b, float beta, float gamma)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Width != b.Width || a.Height != b.Height) throw new ArgumentException($"Images differ in size: {a.Width}x{a.Height} and {b.Width}x{b.Height}.");
        var r = new RgbImage(a.Width, a.Height);
        for (int i = 0; i < r.Pixels.Length; i++)
        {
            float v = MathF.FusedMultiplyAdd(a.Pixels[i], alpha, MathF.FusedMultiplyAdd(b.Pixels[i], beta, gamma));
            r.Pixels[i] = (byte)Math.Clamp((int)MathF.Round(v), 0, 255);
        }
        return r;
    }

    /// <summary>
    /// One blended value, <c>(1 − w)·heat/255 + w·image</c>: both passes of the blend (the maximum, then the
    /// bytes) compute it here, so they see the same floats.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static float Mix(float heatWeight, byte heat, float imageWeight, float image) => heatWeight * (heat / 255f) + imageWeight * image;

    /// <summary>NumPy's <c>astype(uint8)</c> of an in-range float: truncation toward zero (clamped here).</summary>
    private static byte TruncateToByte(float v) => v >= 255f ? (byte)255 : v > 0f ? (byte)v : (byte)0;
}
