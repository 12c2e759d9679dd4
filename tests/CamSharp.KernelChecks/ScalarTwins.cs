using CamSharp.Tensors.Kernels;

namespace CamSharp.KernelChecks;

/// <summary>
/// The definitions, written as plainly as possible and accumulated in double: what every
/// kernel must compute. No blocking, no vectors, no reuse of the kernels' helpers.
/// </summary>
internal static class ScalarTwins
{
    /// <summary>f(op(A)·op(B) + beta·C + bias[i]) for m×n C (leading dimension n).</summary>
    public static double[] Gemm(bool transA, bool transB, int m, int n, int k, float[] a, int lda, float[] b, int ldb,
        float beta, float[] c, float[]? bias, Activation activation)
    {
        var r = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (double)(transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                s += beta == 0 ? 0 : beta * (double)c[i * n + j];
                s += bias?[i] ?? 0;
                r[i * n + j] = Activate(activation, s);
            }
        return r;
    }

    /// <summary>Direct convolution: every output is a sum over its receptive field (padding reads as 0).</summary>
    public static double[] ConvForward(ConvGeometry g, float[] x, float[] w, float[]? bias, Activation activation)
    {
        var y = new double[g.Batch * g.OutChannels * g.OutSize];
        for (int o = 0; o < y.Length; o++) y[o] = bias?[o / g.OutSize % g.OutChannels] ?? 0;
        ForEachTap(g, (yi, xi, wi) => y[yi] += (double)x[xi] * w[wi]);
        for (int o = 0; o < y.Length; o++) y[o] = Activate(activation, y[o]);
        return y;
    }

    /// <summary>The input gradient: each output gradient flows back to every input its window read.</summary>
    public static double[] ConvBackwardData(ConvGeometry g, float[] dy, float[] w)
    {
        var dx = new double[g.Batch * g.InChannels * g.InSize];
        ForEachTap(g, (yi, xi, wi) => dx[xi] += (double)dy[yi] * w[wi]);
        return dx;
    }

    /// <summary>Every (output, input, weight) index triple of the convolution whose input lies inside the image.</summary>
    private static void ForEachTap(ConvGeometry g, Action<int, int, int> tap)
    {
        int cg = g.InChannelsPerGroup, mg = g.OutChannelsPerGroup;
        for (int b = 0; b < g.Batch; b++)
            for (int m = 0; m < g.OutChannels; m++)
                for (int oh = 0; oh < g.OutHeight; oh++)
                    for (int ow = 0; ow < g.OutWidth; ow++)
                        for (int c = 0; c < cg; c++)
                            for (int i = 0; i < g.KernelHeight; i++)
                                for (int j = 0; j < g.KernelWidth; j++)
                                {
                                    int ih = oh * g.StrideHeight - g.PadTop + i * g.DilationHeight;
                                    int iw = ow * g.StrideWidth - g.PadLeft + j * g.DilationWidth;
                                    if (ih < 0 || ih >= g.InHeight || iw < 0 || iw >= g.InWidth) continue;
                                    int xc = m / mg * cg + c;
                                    tap(((b * g.OutChannels + m) * g.OutHeight + oh) * g.OutWidth + ow,
                                        ((b * g.InChannels + xc) * g.InHeight + ih) * g.InWidth + iw,
                                        ((m * cg + c) * g.KernelHeight + i) * g.KernelWidth + j);
                                }
    }

    public static double Activate(Activation activation, double x) => activation.Kind switch
    {
        ActivationKind.Relu => Math.Max(x, 0),
        ActivationKind.Clip => Math.Min(Math.Max(x, activation.Lo), activation.Hi),
        ActivationKind.Silu => x / (1 + Math.Exp(-x)),
        _ => x,
    };
}
