namespace CamSharp.Explain;

/// <summary>
/// Resizes a D×H×W volume. <see cref="Spline"/> resizes a video CAM as pytorch-grad-cam's 3-D branch does with
/// <c>scipy.ndimage.zoom(img, factors)</c> and its defaults: cubic B-spline (order 3) with the
/// spline prefilter, mode 'constant', grid_mode False. The prefilter extends each axis by mirror
/// symmetry (scipy's rule for 'constant'), output sample k of an axis sits at input coordinate
/// k·(n − 1)/(m − 1), and the spline reads coefficients past an edge mirrored. Like scipy, a
/// coordinate that rounds past the last sample (k·((n − 1)/(m − 1)) &gt; n − 1 in doubles, e.g.
/// 4 → 188) gives 0 there. The spline may overshoot [0, 1] slightly, as pytorch-grad-cam's does.
/// </summary>
public static class VolumeResize
{
    /// <summary>The pole of the cubic B-spline's inverse filter, √3 − 2.</summary>
    private const double Pole = -0.267949192431122706472553658494127633;

    public static float[] Spline(float[] volume, int depth, int height, int width, int toDepth, int toHeight, int toWidth)
    {
        if (volume.Length != depth * height * width)
            throw new ArgumentException($"volume has {volume.Length} values, expected {depth}×{height}×{width}", nameof(volume));
        if (toDepth < 1 || toHeight < 1 || toWidth < 1)
            throw new ArgumentException($"target size {toDepth}×{toHeight}×{toWidth} has an empty axis");
        var c = Array.ConvertAll(volume, v => (double)v);
        Prefilter(c, depth * height, width, 1);
        Prefilter(c, depth, height, width);
        Prefilter(c, 1, depth, height * width);
        c = Evaluate(c, depth * height, width, 1, toWidth);
        c = Evaluate(c, depth, height, toWidth, toHeight);
        c = Evaluate(c, 1, depth, toHeight * toWidth, toDepth);
        return Array.ConvertAll(c, v => (float)v);
    }

    /// <summary>
    /// Separable linear resize mapping the first and last samples of each axis onto each other
    /// (align corners): ONNX Resize's 5-D linear mode, without the spline's overshoot.
    /// </summary>
    public static float[] Linear(float[] volume, int depth, int height, int width, int toDepth, int toHeight, int toWidth)
    {
        if (volume.Length != depth * height * width)
            throw new ArgumentException($"volume has {volume.Length} values, expected {depth}×{height}×{width}", nameof(volume));
        var v = LinearAxis(volume, depth * height, width, 1, toWidth);                 // along W
        v = LinearAxis(v, depth, height, toWidth, toHeight);                           // along H
        return LinearAxis(v, 1, depth, toHeight * toWidth, toDepth);                   // along D
    }

    /// <summary>Resamples the middle axis of an outer × n × inner array linearly to <paramref name="to"/> samples.</summary>
    private static float[] LinearAxis(float[] src, int outer, int n, int inner, int to)
    {
        if (n == to) return src;
        var dst = new float[outer * to * inner];
        for (int j = 0; j < to; j++)
        {
            double pos = to == 1 ? 0 : (double)j * (n - 1) / (to - 1);
            int i0 = System.Math.Min((int)pos, n - 1), i1 = System.Math.Min(i0 + 1, n - 1);
            float t = (float)(pos - i0);
            for (int o = 0; o < outer; o++)
            {
                int a = (o * n + i0) * inner, b = (o * n + i1) * inner, d = (o * to + j) * inner;
                for (int k = 0; k < inner; k++) dst[d + k] = src[a + k] + t * (src[b + k] - src[a + k]);
            }
        }
        return dst;
    }

    /// <summary>Turns samples into B-spline coefficients along the middle axis of an outer × n × inner array, in place.</summary>
    private static void Prefilter(double[] a, int outer, int n, int inner)
    {
        if (n < 2) return;
        const double z = Pole, gain = (1 - z) * (1 - 1 / z);
        double zn1 = System.Math.Pow(z, n - 1);
        var line = new double[n];
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < inner; k++)
            {
                int at = o * n * inner + k;
                for (int i = 0; i < n; i++) line[i] = a[at + i * inner] * gain;
                // Causal pass, started from the mirror-symmetric extension (Unser et al. 1991).
                double c0 = line[0] + zn1 * line[n - 1], zi = z;
                for (int i = 1; i < n - 1; i++, zi *= z) c0 += zi * (line[i] + zn1 * line[n - 1 - i]);
                line[0] = c0 / (1 - zn1 * zn1);
                for (int i = 1; i < n; i++) line[i] += z * line[i - 1];
                // Anti-causal pass.
                line[n - 1] = (z * line[n - 2] + line[n - 1]) * z / (z * z - 1);
                for (int i = n - 2; i >= 0; i--) line[i] = z * (line[i + 1] - line[i]);
                for (int i = 0; i < n; i++) a[at + i * inner] = line[i];
            }
    }

    /// <summary>Samples the cubic spline along the middle axis of an outer × n × inner coefficient array at <paramref name="to"/> points.</summary>
    private static double[] Evaluate(double[] c, int outer, int n, int inner, int to)
    {
        var dst = new double[outer * to * inner];
        double zoom = to > 1 ? (double)(n - 1) / (to - 1) : 1;
        Span<double> w = stackalloc double[4];
        Span<int> index = stackalloc int[4];
        for (int j = 0; j < to; j++)
        {
            double x = j * zoom;
            if (x > n - 1) continue;  // scipy's 'constant' mode: past the edge is cval 0
            int start = (int)System.Math.Floor(x) - 1;
            Weights(x - System.Math.Floor(x), w);
            for (int t = 0; t < 4; t++) index[t] = Mirror(start + t, n);
            for (int o = 0; o < outer; o++)
            {
                int d = (o * to + j) * inner;
                for (int t = 0; t < 4; t++)
                {
                    int s = (o * n + index[t]) * inner;
                    for (int k = 0; k < inner; k++) dst[d + k] += w[t] * c[s + k];
                }
            }
        }
        return dst;
    }

    /// <summary>Cubic B-spline weights of the four coefficients around a point at fraction <paramref name="f"/> past the second.</summary>
    private static void Weights(double f, Span<double> w)
    {
        double g = 1 - f;
        w[0] = g * g * g / 6;
        w[1] = (f * f * (f - 2) * 3 + 4) / 6;
        w[2] = (g * g * (g - 2) * 3 + 4) / 6;
        w[3] = 1 - w[0] - w[1] - w[2];
    }

    /// <summary>Index <paramref name="i"/> reflected about the first and last samples (whole-sample mirror).</summary>
    private static int Mirror(int i, int n)
    {
        if (n <= 1) return 0;
        int period = 2 * n - 2;
        i = ((i % period) + period) % period;
        return i < n ? i : period - i;
    }
}
