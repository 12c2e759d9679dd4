namespace CamSharp.Explain.Math;

/// <summary>
/// Non-negative matrix factorisation V ≈ W·H (Frobenius loss) by Lee and Seung's
/// multiplicative updates, from a seeded random start scaled like scikit-learn's 'random'
/// init (sqrt(mean(V) / k)). Deterministic for a seed; not bit-equal to scikit-learn's
/// coordinate-descent solver.
/// </summary>
public static class Nmf
{
    /// <summary>Factorises the non-negative rows × cols matrix <paramref name="v"/> into W (rows × k) and H (k × cols).</summary>
    public static (double[] W, double[] H) Factorize(double[] v, int rows, int cols, int k, int iterations = 300, int seed = 0)
    {
        var rng = new Random(seed);
        double scale = System.Math.Sqrt(System.Math.Max(v.Average(), 1e-12) / k);
        var w = new double[rows * k];
        var h = new double[k * cols];
        for (int i = 0; i < w.Length; i++) w[i] = scale * rng.NextDouble() + 1e-6;
        for (int i = 0; i < h.Length; i++) h[i] = scale * rng.NextDouble() + 1e-6;
        var wtv = new double[k * cols];
        var wtw = new double[k * k];
        var vht = new double[rows * k];
        var hht = new double[k * k];
        const double eps = 1e-12;
        for (int it = 0; it < iterations; it++)
        {
            // H ← H ∘ (WᵀV) / (WᵀW H)
            Array.Clear(wtv);
            Array.Clear(wtw);
            for (int r = 0; r < rows; r++)
                for (int a = 0; a < k; a++)
                {
                    double wra = w[r * k + a];
                    for (int c = 0; c < cols; c++) wtv[a * cols + c] += wra * v[r * cols + c];
                    for (int b = 0; b < k; b++) wtw[a * k + b] += wra * w[r * k + b];
                }
            for (int a = 0; a < k; a++)
                for (int c = 0; c < cols; c++)
                {
                    double denominator = 0;
                    for (int b = 0; b < k; b++) denominator += wtw[a * k + b] * h[b * cols + c];
                    h[a * cols + c] *= wtv[a * cols + c] / (denominator + eps);
                }
            // W ← W ∘ (VHᵀ) / (W H Hᵀ)
            Array.Clear(vht);
            Array.Clear(hht);
            for (int a = 0; a < k; a++)
                for (int b = 0; b < k; b++)
                {
                    double s = 0;
                    for (int c = 0; c < cols; c++) s += h[a * cols + c] * h[b * cols + c];
                    hht[a * k + b] = s;
                }
            for (int r = 0; r < rows; r++)
                for (int a = 0; a < k; a++)
                {
                    double s = 0;
                    for (int c = 0; c < cols; c++) s += v[r * cols + c] * h[a * cols + c];
                    vht[r * k + a] = s;
                }
            for (int r = 0; r < rows; r++)
                for (int a = 0; a < k; a++)
                {
                    double denominator = 0;
                    for (int b = 0; b < k; b++) denominator += w[r * k + b] * hht[b * k + a];
                    w[r * k + a] *= vht[r * k + a] / (denominator + eps);
                }
        }
        return (w, h);
    }
}
