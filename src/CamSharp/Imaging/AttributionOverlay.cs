using CamSharp.Explain.Attribution;

namespace CamSharp.Imaging;

/// <summary>
/// Captum's <c>visualize_image_attr(method="blended_heat_map")</c>: the image's channel mean
/// drawn in grey (stretched to its own min..max, as matplotlib's <c>imshow</c> does without
/// limits) under the normalised attribution in the sign's colour map at alpha 0.5:
/// Greens (positive), Reds (negative), Blues (absolute value), red–white–green (all, over [−1, 1]).
/// </summary>
public static class AttributionOverlay
{
    /// <summary>Blends a normalised map (<see cref="AttributionNormalization.Normalize"/>) onto an H×W×3 RGB image in [0, 1].</summary>
    public static RgbImage BlendedHeatMap(ReadOnlySpan<float> image, int width, int height, ReadOnlySpan<float> normalized,
        AttributionSign sign, float alpha = 0.5f)
    {
        int n = width * height;
        if (image.Length != 3 * n) throw new ArgumentException($"Image has {image.Length} values; a {width}x{height} image needs {3 * n}.", nameof(image));
        if (normalized.Length != n) throw new ArgumentException($"The map has {normalized.Length} values; the image has {n} pixels.", nameof(normalized));
        if (alpha is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1].");
        var grey = new float[n];
        for (int i = 0; i < n; i++) grey[i] = (image[3 * i] + image[3 * i + 1] + image[3 * i + 2]) / 3;
        float gmin = grey.Length == 0 ? 0 : grey.Min(), gmax = grey.Length == 0 ? 0 : grey.Max();
        float range = gmax - gmin;
        var stops = Stops(sign);
        float vmin = sign == AttributionSign.All ? -1 : 0;
        var pixels = new byte[3 * n];
        for (int i = 0; i < n; i++)
        {
            float g = range > 0 ? (grey[i] - gmin) / range : 0;
            var heat = Lookup(stops, (normalized[i] - vmin) / (1 - vmin));
            for (int c = 0; c < 3; c++)
                pixels[3 * i + c] = (byte)System.Math.Round(255 * (alpha * heat[c] + (1 - alpha) * g));
        }
        return new RgbImage(width, height, pixels);
    }

    /// <summary>
    /// matplotlib's colour-map lookup: 256 entries linearly interpolated between equally spaced
    /// stops, entry min(⌊256·v⌋, 255) for v in [0, 1].
    /// </summary>
    internal static float[] Lookup(float[][] stops, float v)
    {
        int index = (int)System.Math.Clamp(System.Math.Floor(v * 256), 0, 255);
        double x = index / 255.0 * (stops.Length - 1);
        int k = System.Math.Min((int)x, stops.Length - 2);
        double f = x - k;
        return [.. Enumerable.Range(0, 3).Select(c => (float)(stops[k][c] + (stops[k + 1][c] - stops[k][c]) * f))];
    }

    /// <summary>The colour stops of Captum's default colour map per sign (ColorBrewer 9-class sequential maps).</summary>
    internal static float[][] Stops(AttributionSign sign) => sign switch
    {
        AttributionSign.Positive => Greens,
        AttributionSign.Negative => Reds,
        AttributionSign.AbsoluteValue => Blues,
        _ => RedWhiteGreen,
    };

    private static float[][] Hex(params string[] colours) =>
        [.. colours.Select(h => Convert.FromHexString(h).Select(b => b / 255f).ToArray())];

    private static readonly float[][] Greens = Hex("F7FCF5", "E5F5E0", "C7E9C0", "A1D99B", "74C476", "41AB5D", "238B45", "006D2C", "00441B");
    private static readonly float[][] Reds = Hex("FFF5F0", "FEE0D2", "FCBBA1", "FC9272", "FB6A4A", "EF3B2C", "CB181D", "A50F15", "67000D");
    private static readonly float[][] Blues = Hex("F7FBFF", "DEEBF7", "C6DBEF", "9ECAE1", "6BAED6", "4292C6", "2171B5", "08519C", "08306B");

    /// <summary>Captum's <c>LinearSegmentedColormap.from_list("RdWhGn", ["red", "white", "green"])</c>; matplotlib's green is #008000.</summary>
    private static readonly float[][] RedWhiteGreen = Hex("FF0000", "FFFFFF", "008000");
}
