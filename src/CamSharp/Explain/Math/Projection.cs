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
        // x[c, p] (the activation's own layout), centred per channel, in double for a stable Gram matrix.
        var x = new double[channels * pixels];
        for (int c = 0; c < channels; c++)
        {
            var row = x.AsSpan(c * pixels, pixels);
            for (int p = 0; p < pixels; p++)
            {
                float f = activation[c * pixels + p];
                row[p] = float.IsNaN(f) ? 0 : f;
            }
            double mean = TensorPrimitives.Sum<double>(row) / System.Math.Max(pixels, 1);
            TensorPrimitives.Subtract<double>(row, mean, row);
        }

        var result = new double[pixels];
        if (channels <= pixels)
        {
            // C×C: channel rows are contiguous, so each entry is one long dot product.
            var gram = new double[channels * channels];
            for (int i = 0; i < channels; i++)
                for (int j = i; j < channels; j++)
                    gram[i * channels + j] = TensorPrimitives.Dot<double>(x.AsSpan(i * pixels, pixels), x.AsSpan(j * pixels, pixels));
            Mirror(gram, channels);
            var (_, v) = SymmetricEigen.Top(gram, channels);
            for (int c = 0; c < channels; c++) TensorPrimitives.MultiplyAdd<double>(x.AsSpan(c * pixels, pixels), v[c], result, result);
        }
        else
        {
            // P×P from pixel rows: transpose first so that they are contiguous.
            var t = new double[pixels * channels];
            for (int c = 0; c < channels; c++)
                for (int p = 0; p < pixels; p++) t[p * channels + c] = x[c * pixels + p];
            var gram = new double[pixels * pixels];
            for (int p = 0; p < pixels; p++)
                for (int q = p; q < pixels; q++)
                    gram[p * pixels + q] = TensorPrimitives.Dot<double>(t.AsSpan(p * channels, channels), t.AsSpan(q * channels, channels));
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
