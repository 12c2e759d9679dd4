namespace CamSharp.Explain.Metrics;

/// <summary>
/// The blurred image RISE's insertion game starts from (eclique/RISE <c>evaluation.py</c>:
/// <c>gkern(11, 5)</c>, a 2-D convolution with zero padding, per channel). Its kernel is what
/// scipy's <c>gaussian_filter(σ = 5)</c> makes of a centred unit impulse on an 11 × 11 grid —
/// a Gaussian truncated at 4σ and folded back at the grid's border ("reflect" mode), so it is
/// flatter than a plain truncated Gaussian. Separable, so applied as two 1-D passes.
/// </summary>
public static class RiseBlur
{
    public const int KernelSize = 11;
    public const double Sigma = 5;

    private static readonly double[] Weights = Kernel1D(KernelSize, Sigma);

    /// <summary>The 1-D factor of the kernel (the 2-D kernel is its outer product).</summary>
    public static double[] Kernel1D(int size, double sigma)
    {
        int radius = (int)(4 * sigma + 0.5);
        var gauss = new double[2 * radius + 1];
        for (int k = -radius; k <= radius; k++) gauss[k + radius] = System.Math.Exp(-0.5 * k * k / (sigma * sigma));
        double sum = gauss.Sum();
        var kernel = new double[size];
        int centre = size / 2;
        for (int i = 0; i < size; i++)
            for (int k = -radius; k <= radius; k++)
                if (Reflect(i + k, size) == centre) kernel[i] += gauss[k + radius] / sum;
        return kernel;
    }

    /// <summary>The blurred copy of a C × H × W image.</summary>
    public static float[] Apply(ReadOnlySpan<float> image, int channels, int height, int width)
    {
        int plane = height * width;
        var source = new double[plane];
        var rows = new double[plane];
        var both = new double[plane];
        var result = new float[image.Length];
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < plane; i++) source[i] = image[c * plane + i];
            Pass(source, rows, height, width, horizontal: true);
            Pass(rows, both, height, width, horizontal: false);
            for (int i = 0; i < plane; i++) result[c * plane + i] = (float)both[i];
        }
        return result;
    }

    /// <summary>One 1-D pass of the kernel along rows or columns, zero outside the image.</summary>
    private static void Pass(double[] src, double[] dst, int height, int width, bool horizontal)
    {
        int half = KernelSize / 2;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double sum = 0;
                for (int k = 0; k < KernelSize; k++)
                {
                    int xx = horizontal ? x + k - half : x, yy = horizontal ? y : y + k - half;
                    if (xx >= 0 && xx < width && yy >= 0 && yy < height) sum += Weights[k] * src[yy * width + xx];
                }
                dst[y * width + x] = sum;
            }
    }

    /// <summary>scipy's "reflect" extension (d c b a | a b c d | d c b a).</summary>
    private static int Reflect(int i, int n)
    {
        i %= 2 * n;
        if (i < 0) i += 2 * n;
        return i < n ? i : 2 * n - 1 - i;
    }
}
