using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CamSharp.Tensors.Kernels;

/// <summary>Operands of one GEMM call besides B: C = alpha·op(A)·op(B) + beta·C + bias (per row).</summary>
internal unsafe struct GemmArgs
{
    public int M, N, K;
    public float* A;
    public nint Lda;
    public bool TransA;
    /// <summary>A already in panel layout for this kernel (<see cref="PackedMatrix"/>), or null.</summary>
    public float* PackedA;
    public float* C;
    public nint Ldc;
    public float Alpha, Beta;
    /// <summary>M per-row values added to C, or null.</summary>
    public float* Bias;
    /// <summary>Applied to each finished tile of C (after the last K block), while it is in L1.</summary>
    public Activation Activation;
}

/// <summary>
/// Cache blocking around one micro-kernel (loop order of Goto/BLIS with the roles chosen
/// for a broadcast-A kernel): for each NC×KC block of B, packed once into L2-sized
/// scratch, each MR-row panel of A (packed, L1-resident) sweeps all its NR-column panels.
/// Generic over the kernel and over how B is packed (a matrix, or im2col of an image), so
/// the JIT specialises each pair.
/// </summary>
internal static unsafe class SgemmDriver<TKernel, TPackB> where TKernel : IMicroKernel where TPackB : struct, IPackB
{
    /// <summary>Depth of one packed block: an A panel (MR·KC) stays in L1.</summary>
    public const int KC = 256;

    /// <summary>Width of one packed B block: KC·NC floats (1 MiB) stay in L2.</summary>
    public const int NC = 1024;

    /// <summary>Computes rows [m0, m1) × columns [n0, n1) of C; m0 is a multiple of MR when A is prepacked.</summary>
    public static void Run(in GemmArgs g, in TPackB b, int m0, int m1, int n0, int n1)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int ncMax = Math.Min(NC, n1 - n0);
        float* bPack = SgemmScratch.PackB(KC * RoundUp(ncMax, nr));
        float* aPack = g.PackedA != null ? null : SgemmScratch.PackA(KC * mr);
        float* tile = SgemmScratch.Tile(mr * nr);
        int mPadded = RoundUp(g.M, mr);
        // Relu and Clip go into the kernel's store. SiLU is one pass over the panel's rows once
        // all their tiles are done (still in L2): per 32-wide tile row, the calls cost more than the math.
        var (clamp, lo, hi) = g.Activation.Kind switch
        {
            ActivationKind.Relu => (true, 0f, float.PositiveInfinity),
            ActivationKind.Clip => (true, g.Activation.Lo, g.Activation.Hi),
            _ => (false, 0f, 0f),
        };

        for (int jc = n0; jc < n1; jc += NC)
        {
            int nc = Math.Min(NC, n1 - jc);
            for (int pc = 0; pc < g.K; pc += KC)
            {
                int kc = Math.Min(KC, g.K - pc);
                float* bBlock = b.Pack(pc, kc, jc, nc, nr, bPack);
                // Only the first K block applies beta and bias; later blocks accumulate.
                bool first = pc == 0, last = pc + kc == g.K;
                float beta = first ? g.Beta : 1f;
                for (int ic = m0; ic < m1; ic += mr)
                {
                    int rows = Math.Min(mr, m1 - ic);
                    float* ap;
                    if (g.PackedA != null)
                    {
                        ap = g.PackedA + (nint)pc * mPadded + (nint)(ic / mr) * mr * kc;
                    }
                    else
                    {
                        SgemmPacking.PackA(g.A, g.Lda, g.TransA, ic, rows, pc, kc, mr, aPack);
                        ap = aPack;
                    }
                    float* bias = first && g.Bias != null ? g.Bias + ic : null;
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        float* bp = bBlock + (nint)jr * kc;
                        float* c = g.C + ic * g.Ldc + jc + jr;
                        if (rows == mr && cols == nr)
                        {
                            TKernel.Run(kc, ap, bp, c, g.Ldc, g.Alpha, beta, bias, last && clamp, lo, hi);
                        }
                        else
                        {
                            bool edge = cols < nr ? TKernel.TryRunEdge(kc, ap, bp, tile, cols) : TKernel.TryRunRowEdge(kc, ap, bp, tile, rows);
                            if (!edge) TKernel.Run(kc, ap, bp, tile, nr, 1f, 0f, null);
                            MergeTile(tile, nr, rows, cols, c, g.Ldc, g.Alpha, beta, bias);
                            if (last && clamp) g.Activation.Apply(c, g.Ldc, rows, cols);
                        }
                    }
                    if (last && !clamp && !g.Activation.IsNone) g.Activation.Apply(g.C + ic * g.Ldc + jc, g.Ldc, rows, nc);
                }
            }
        }
    }

    /// <summary>The epilogue for an edge tile the kernel wrote to scratch: same order as the kernels' (alpha·acc + bias, then + beta·C).</summary>
    private static void MergeTile(float* tile, int nr, int rows, int cols, float* c, nint ldc, float alpha, float beta, float* bias)
    {
        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        for (int r = 0; r < rows; r++)
        {
            float add = bias != null ? bias[r] : 0f;
            float* t = tile + r * nr;
            float* cr = c + r * ldc;
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var vadd = Vector256.Create(add);
                for (; j + 8 <= cols; j += 8)
                {
                    var v = Vector256.Load(t + j) * va + vadd;
                    if (beta != 0) v += Vector256.Load(cr + j) * vb;
                    v.Store(cr + j);
                }
            }
            for (; j < cols; j++)
            {
                float v = alpha * t[j] + add;
                cr[j] = beta == 0 ? v : v + beta * cr[j];
            }
        }
    }

    private static int RoundUp(int x, int m) => (x + m - 1) / m * m;
}
