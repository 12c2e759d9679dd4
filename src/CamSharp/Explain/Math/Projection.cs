using System.Numerics.Tensors;

namespace CamSharp.Explain.Math;

/// <summary>
/// The projection of a feature map on its first principal component, as pytorch-grad-cam's
/// <c>get_2d_projection</c> computes it: the (h·w) × C matrix of channel vectors, columns
/// centred, times the first right-singular vector. Works through the smaller Gram matrix.
/// </summary>
public static class Projection
{
    /// <summary>
    /// Projects one C×(h·w) activation (channel-major, as in NCHW) to h·w values. NaNs count as
    /// zero. With <paramref name="fixSign"/> the component's sign is chosen so the map's largest
    /// magnitude is positive (the SVD sign is otherwise arbitrary and maps come out inverted).
    /// </summary>
    public static float[] FirstComponent(ReadOnlySpan<float> activation, int channels, int pixels, bool fixSign)
    {
        // x[p, c], centred per channel, in double for a stable Gram matrix.
        var x = new double[pixels * channels];
        for (int c = 0; c < channels; c++)
        {
            double mean = 0;
            for (int p = 0; p < pixels; p++)
            {
                float f = activation[c * pixels + p];
                double d = float.IsNaN(f) ? 0 : f;
                x[p * channels + c] = d;
                mean += d;
            }
            mean /= System.Math.Max(pixels, 1);
            for (int p = 0; p < pixels; p++) x[p * channels + c] -= mean;
        }

        var result = new double[pixels];
        if (channels <= pixels)
        {
            // Σ_p of each pixel's rank-one update, upper triangle, one vectorised row at a time.
            var gram = new double[channels * channels];
            for (int p = 0; p < pixels; p++)
            {
                var row = x.AsSpan(p * channels, channels);
                for (int i = 0; i < channels; i++)
                {
                    if (row[i] == 0) continue;
                    var g = gram.AsSpan(i * channels + i, channels - i);
                    TensorPrimitives.MultiplyAdd<double>(row[i..], row[i], g, g);
                }
            }
            Mirror(gram, channels);
            var (_, v) = SymmetricEigen.Top(gram, channels);
            for (int p = 0; p < pixels; p++) result[p] = TensorPrimitives.Dot<double>(x.AsSpan(p * channels, channels), v);
        }
        else
        {
            var gram = new double[pixels * pixels];
            for (int p = 0; p < pixels; p++)
                for (int q = p; q < pixels; q++)
                    gram[p * pixels + q] = TensorPrimitives.Dot<double>(x.AsSpan(p * channels, channels), x.AsSpan(q * channels, channels));
            Mirror(gram, pixels);
            var (value, u) = SymmetricEigen.Top(gram, pixels);
            double sigma = System.Math.Sqrt(System.Math.Max(value, 0));
            for (int p = 0; p < pixels; p++) result[p] = u[p] * sigma;
        }

        double sign = 1;
        if (fixSign)
        {
            double min = result.Length > 0 ? result.Min() : 0, max = result.Length > 0 ? result.Max() : 0;
            if (System.Math.Abs(min) > System.Math.Abs(max)) sign = -1;
        }
        var map = new float[pixels];
        for (int p = 0; p < pixels; p++) map[p] = (float)(sign * result[p]);
        return map;
    }

    private static void Mirror(double[] m, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) m[i * n + j] = m[j * n + i];
    }
}
