namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Convolution and matrix product with float64 accumulation (float32 in and out), for
/// <see cref="Engine.RunOptions.Precise"/>. A float32 forward is off by ~1e-5 after a dozen
/// layers, which is enough to put a ReLU/Clip pre-activation of true value +4e-6 on the
/// wrong side of its kink and change a gradient by percents (mobilenet_v2, see
/// tools/precision/). Accumulating in float64 leaves only the rounding of each stored
/// value, about ten times less. Plain loops, parallel over output rows: several times
/// slower than the packed float32 kernels, and meant for when the numbers matter more.
/// </summary>
internal static class PreciseKernels
{
    /// <summary>y = conv(x, w) + bias for any geometry the float32 kernels take (groups, strides, dilations, pads).</summary>
    public static void Convolution(ConvGeometry g, float[] x, float[] w, float[]? bias, float[] y)
    {
        int mg = g.OutChannelsPerGroup, cg = g.InChannelsPerGroup;
        WorkerTeam.For(g.Batch * g.OutChannels, row =>
        {
            int b = row / g.OutChannels, m = row % g.OutChannels, grp = m / mg;
            var acc = new double[g.OutSize];
            Array.Fill(acc, bias is null ? 0.0 : bias[m]);
            for (int c = 0; c < cg; c++)
            {
                int plane = (b * g.InChannels + grp * cg + c) * g.InSize;
                for (int kh = 0; kh < g.KernelHeight; kh++)
                    for (int kw = 0; kw < g.KernelWidth; kw++)
                    {
                        double wv = w[((m * cg + c) * g.KernelHeight + kh) * g.KernelWidth + kw];
                        int rowOffset = kh * g.DilationHeight - g.PadTop, colOffset = kw * g.DilationWidth - g.PadLeft;
                        var (ohLo, ohHi) = ConvGeometry.ValidRange(rowOffset, g.StrideHeight, g.InHeight, g.OutHeight);
                        var (owLo, owHi) = ConvGeometry.ValidRange(colOffset, g.StrideWidth, g.InWidth, g.OutWidth);
                        for (int oh = ohLo; oh < ohHi; oh++)
                        {
                            int inRow = plane + (oh * g.StrideHeight + rowOffset) * g.InWidth + colOffset;
                            int outRow = oh * g.OutWidth;
                            for (int ow = owLo; ow < owHi; ow++) acc[outRow + ow] += wv * x[inRow + ow * g.StrideWidth];
                        }
                    }
            }
            int at = row * g.OutSize;
            for (int i = 0; i < acc.Length; i++) y[at + i] = (float)acc[i];
        });
    }

    /// <summary>C = alpha·op(A)·op(B) + beta·C (row-major, leading dimensions lda, ldb, ldc), as Gemm defines it.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        WorkerTeam.For(m, i =>
        {
            var acc = new double[n];
            for (int p = 0; p < k; p++)
            {
                double av = a[aOffset + (transA ? p * lda + i : i * lda + p)];
                if (av == 0) continue;
                if (transB) for (int j = 0; j < n; j++) acc[j] += av * b[bOffset + j * ldb + p];
                else
                {
                    int rowB = bOffset + p * ldb;
                    for (int j = 0; j < n; j++) acc[j] += av * b[rowB + j];
                }
            }
            int rowC = cOffset + i * ldc;
            for (int j = 0; j < n; j++)
                c[rowC + j] = (float)(alpha * acc[j] + (beta == 0 ? 0.0 : (double)beta * c[rowC + j]));
        });
    }
}
