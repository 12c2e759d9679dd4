namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Portable 4×4 micro-kernel for machines without AVX2/FMA (and for tests of that path):
/// 16 scalar accumulators, the most a typical scalar register file holds.
/// </summary>
internal unsafe struct SgemmKernelScalar : IMicroKernel
{
    public static int MR => 4;

    public static bool TryRunEdge(nint kc, float* a, float* b, float* tile, int cols) => false;

    public static bool TryRunRowEdge(nint kc, float* a, float* b, float* tile, int rows) => false;

    public static int NR => 4;

    public static void Run(nint kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, float* bias,
        bool clamp = false, float lo = 0, float hi = 0)
    {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (nint k = 0; k < kc; k++)
        {
            float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
            float a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            a += 4;
            b += 4;
        }
        bool hasBias = bias != null;
        Store(c, c00, c01, c02, c03, alpha, beta, hasBias ? bias[0] : 0f);
        Store(c + ldc, c10, c11, c12, c13, alpha, beta, hasBias ? bias[1] : 0f);
        Store(c + 2 * ldc, c20, c21, c22, c23, alpha, beta, hasBias ? bias[2] : 0f);
        Store(c + 3 * ldc, c30, c31, c32, c33, alpha, beta, hasBias ? bias[3] : 0f);
        if (clamp)
            for (int r = 0; r < 4; r++)
                for (int j = 0; j < 4; j++) c[r * ldc + j] = MathF.Min(MathF.Max(c[r * ldc + j], lo), hi);
    }

    private static void Store(float* c, float x0, float x1, float x2, float x3, float alpha, float beta, float bias)
    {
        if (beta == 0)
        {
            c[0] = alpha * x0 + bias; c[1] = alpha * x1 + bias; c[2] = alpha * x2 + bias; c[3] = alpha * x3 + bias;
            return;
        }
        c[0] = alpha * x0 + beta * c[0] + bias;
        c[1] = alpha * x1 + beta * c[1] + bias;
        c[2] = alpha * x2 + beta * c[2] + bias;
        c[3] = alpha * x3 + beta * c[3] + bias;
    }
}
