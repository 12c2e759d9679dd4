namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>
/// Plain triple-loop GEMM in double precision, the trusted reference for the blocked kernels:
/// C = alpha·op(A)·op(B) + beta·C + bias[i].
/// </summary>
public static class SgemmReference
{
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc, float[]? bias = null)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = transA ? a[p * lda + i] : a[i * lda + p];
                    double y = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += x * y;
                }
                double prior = beta == 0 ? 0 : beta * (double)c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum + prior + (bias?[i] ?? 0));
            }
        }
    }
}
