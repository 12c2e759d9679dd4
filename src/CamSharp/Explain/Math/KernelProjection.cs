namespace CamSharp.Explain.Math;

/// <summary>
/// Kernel PCA's first component of a feature map, as scikit-learn's <c>KernelPCA(n_components=1,
/// kernel='sigmoid')</c> computes it for pytorch-grad-cam's KPCA-CAM: pixel vectors centred per
/// channel, K_ij = tanh(γ·x_i·x_j + 1) with γ = 1/C, K double-centred, and the projection
/// √λ₁·v₁ with the sign that makes its largest magnitude positive (sklearn's svd_flip).
/// </summary>
public static class KernelProjection
{
    /// <summary>Projects one C×(h·w) activation (channel-major) to h·w values.</summary>
    public static float[] SigmoidFirstComponent(ReadOnlySpan<float> activation, int channels, int pixels, double? gamma = null)
    {
        double g = gamma ?? 1.0 / System.Math.Max(channels, 1);
        var x = new double[pixels * channels];
        for (int c = 0; c < channels; c++)
        {
            double mean = 0;
            for (int p = 0; p < pixels; p++)
            {
                float f = activation[c * pixels + p];
                x[p * channels + c] = float.IsNaN(f) ? 0 : f;
                mean += x[p * channels + c];
            }
            mean /= System.Math.Max(pixels, 1);
            for (int p = 0; p < pixels; p++) x[p * channels + c] -= mean;
        }

        var k = new double[pixels * pixels];
        for (int i = 0; i < pixels; i++)
            for (int j = i; j < pixels; j++)
            {
                double dot = 0;
                for (int c = 0; c < channels; c++) dot += x[i * channels + c] * x[j * channels + c];
                k[i * pixels + j] = k[j * pixels + i] = System.Math.Tanh(g * dot + 1);
            }
        Center(k, pixels);

        var (value, v) = SymmetricEigen.Top(k, pixels);
        double scale = System.Math.Sqrt(System.Math.Max(value, 0));
        int largest = 0;
        for (int i = 1; i < pixels; i++) if (System.Math.Abs(v[i]) > System.Math.Abs(v[largest])) largest = i;
        double sign = pixels > 0 && v[largest] < 0 ? -1 : 1;
        var result = new float[pixels];
        for (int i = 0; i < pixels; i++) result[i] = (float)(sign * scale * v[i]);
        return result;
    }

    /// <summary>K ← K − 1K − K1 + 1K1 (1 = the n×n matrix of 1/n): centring in feature space.</summary>
    internal static void Center(double[] k, int n)
    {
        var rowMean = new double[n];
        double all = 0;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += k[i * n + j];
            rowMean[i] = s / n;
            all += s;
        }
        all /= (double)n * n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) k[i * n + j] += all - rowMean[i] - rowMean[j];
    }
}
