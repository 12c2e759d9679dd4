namespace CamSharp.Tests.Ops;

/// <summary>
/// A deliberately naive 2-D pooling reference (every kernel tap visited and bounds-checked),
/// following PyTorch's definitions, for comparing the operators on random shapes.
/// </summary>
internal static class PoolReference
{
    public static (float[] Values, int[] Shape) Pool(float[] x, int[] shape, int[] k, int[] s, int[] pads, int[] dil, bool ceil, bool max, bool countIncludePad)
    {
        int n = shape[0], c = shape[1], h = shape[2], w = shape[3];
        int oh = OutSize(h, k[0], s[0], pads[0], pads[2], dil[0], ceil);
        int ow = OutSize(w, k[1], s[1], pads[1], pads[3], dil[1], ceil);
        var y = new float[n * c * oh * ow];
        int o = 0;
        for (int p = 0; p < n * c; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    double acc = max ? double.NegativeInfinity : 0;
                    int inside = 0, padded = 0;
                    for (int a = 0; a < k[0]; a++)
                        for (int b = 0; b < k[1]; b++)
                        {
                            int r = i * s[0] - pads[0] + a * dil[0], q = j * s[1] - pads[1] + b * dil[1];
                            if (r < h + pads[2] && q < w + pads[3]) padded++;
                            if (r < 0 || r >= h || q < 0 || q >= w) continue;
                            inside++;
                            double v = x[(p * h + r) * w + q];
                            acc = max ? Math.Max(acc, v) : acc + v;
                        }
                    y[o++] = (float)(max ? acc : acc / (countIncludePad ? padded : inside));
                }
        return (y, [n, c, oh, ow]);
    }

    private static int OutSize(int input, int k, int s, int pb, int pe, int d, bool ceil)
    {
        double q = (input + pb + pe - (k - 1) * d - 1) / (double)s;
        int o = (int)(ceil ? Math.Ceiling(q) : Math.Floor(q)) + 1;
        if (ceil && (o - 1) * s >= input + pb) o--;
        return o;
    }

    /// <summary>Distinct values (a shuffled ramp with step 0.05) so that maxima stay put under ±1e-2.</summary>
    public static float[] DistinctValues(Random rng, int count)
    {
        var v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (i - count / 2) * 0.05f;
        rng.Shuffle(v);
        return v;
    }
}
