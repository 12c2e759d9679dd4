namespace CamSharp.Tensors.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel: C[MR×NR] = alpha·(A panel · B panel) + beta·C + bias,
/// over packed panels (A: MR floats per k step, B: NR floats per k step). Static members
/// so that <see cref="SgemmDriver{TKernel, TPackB}"/> is specialised per kernel by the JIT.
/// </summary>
internal unsafe interface IMicroKernel
{
    /// <summary>Rows of C per call (broadcast from the A panel).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of C per call (vector loads from the B panel).</summary>
    static abstract int NR { get; }

    /// <summary>
    /// Computes one full tile. <paramref name="beta"/> = 0 means C is not read (it may hold
    /// garbage). <paramref name="bias"/> is null or points at MR per-row values. With
    /// <paramref name="clamp"/>, each result becomes min(max(x, lo), hi) before it is stored
    /// (a fused Relu or Clip; NaN stays NaN).
    /// </summary>
    static abstract void Run(nint kc, float* a, float* b, float* c, nint ldc, float alpha, float beta, float* bias,
        bool clamp = false, float lo = 0, float hi = 0);

    /// <summary>
    /// Writes an edge tile only <paramref name="cols"/> (&lt; NR) wide, unscaled, into
    /// <paramref name="tile"/> (row stride NR); false when the kernel has no cheaper way than
    /// a full <see cref="Run"/>.
    /// </summary>
    static abstract bool TryRunEdge(nint kc, float* a, float* b, float* tile, int cols);

    /// <summary>The same for a full-width edge only <paramref name="rows"/> (&lt; MR) high.</summary>
    static abstract bool TryRunRowEdge(nint kc, float* a, float* b, float* tile, int rows);
}

/// <summary>Which micro-kernel the GEMM runs.</summary>
public enum SgemmKernel
{
    /// <summary>Portable 4×4 scalar kernel.</summary>
    Scalar,

    /// <summary>AVX2 + FMA, 6×16.</summary>
    Avx2,

    /// <summary>AVX-512, 14×32.</summary>
    Avx512,
}
