using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the panel layouts the micro-kernels stream:
/// A panels hold MR values per k step, B panels NR values per k step, zero-padded at the
/// edges so kernels always compute full tiles.
/// </summary>
internal static unsafe class SgemmPacking
{
    /// <summary>dst[k·mr + r] = op(A)[i0 + r, p0 + k] for r &lt; rows, 0 for rows ≤ r &lt; mr.</summary>
    public static void PackA(float* a, nint lda, bool transA, int i0, int rows, int p0, int kc, int mr, float* dst)
    {
        if (transA)
        {
            // A is stored K×M: each k step is a contiguous run of rows.
            for (int k = 0; k < kc; k++)
            {
                float* src = a + (p0 + k) * lda + i0;
                float* d = dst + k * mr;
                new ReadOnlySpan<float>(src, rows).CopyTo(new Span<float>(d, rows));
                for (int r = rows; r < mr; r++) d[r] = 0;
            }
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            float* src = a + (i0 + r) * lda + p0;
            float* d = dst + r;
            for (int k = 0; k < kc; k++) d[k * mr] = src[k];
        }
        for (int r = rows; r < mr; r++)
            for (int k = 0; k < kc; k++) dst[k * mr + r] = 0;
    }
}

/// <summary>Packs blocks of op(B) into panels for <see cref="SgemmDriver{TKernel, TPackB}"/>.</summary>
internal unsafe interface IPackB
{
    /// <summary>
    /// Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into ⌈nc/nr⌉ panels of kc·nr floats, zero-padding
    /// the last, and returns where they are: <paramref name="dst"/>, or the block itself
    /// when B is already packed.
    /// </summary>
    float* Pack(int p0, int kc, int j0, int nc, int nr, float* dst);
}

/// <summary>
/// All of B packed beforehand (block p0 at p0·<c>columnsPadded</c>, panels of nr within), so
/// threads that split M share one packed copy instead of each packing all of B.
/// </summary>
internal readonly unsafe struct PrepackedB(float* data, int columnsPadded) : IPackB
{
    public float* Pack(int p0, int kc, int j0, int nc, int nr, float* dst) => data + (nint)p0 * columnsPadded + (nint)j0 * kc;
}

/// <summary>B as a row-major matrix (K×N, or N×K when transposed) with leading dimension ldb.</summary>
internal readonly unsafe struct MatrixB(float* b, nint ldb, bool transposed) : IPackB
{
    public float* Data => b;

    public nint Ldb => ldb;

    public bool Transposed => transposed;

    public float* Pack(int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        if (transposed)
        {
            for (int jp = 0; jp < nc; jp += nr)
                PackPanelTransposed(b + (j0 + jp) * ldb + p0, ldb, kc, Math.Min(nr, nc - jp), nr, dst + (nint)jp * kc);
            return dst;
        }
        // Row by row, so the source streams sequentially; each row feeds every panel.
        int full = nc / nr * nr;
        if (nr == 16 && Vector256.IsHardwareAccelerated)
        {
            PackRows16(b + p0 * ldb + j0, ldb, kc, nc, full, dst);
            return dst;
        }
        for (int k = 0; k < kc; k++)
        {
            float* s = b + (p0 + k) * ldb + j0;
            float* d = dst + k * nr;
            for (int jp = 0; jp < full; jp += nr)
                new ReadOnlySpan<float>(s + jp, nr).CopyTo(new Span<float>(d + (nint)jp * kc, nr));
            if (full < nc)
            {
                float* last = d + (nint)full * kc;
                new ReadOnlySpan<float>(s + full, nc - full).CopyTo(new Span<float>(last, nc - full));
                new Span<float>(last + nc - full, nr - (nc - full)).Clear();
            }
        }
        return dst;
    }

    /// <summary>
    /// The AVX2 kernel's 16-wide panels with two vector copies per panel row instead of a
    /// memmove call for each 64 bytes: the call was a quarter of the packing and packing a fifth of
    /// the GEMM kernel's time in yolov8n's Winograd and 1×1 convolutions (perf, one thread).
    /// </summary>
    private static void PackRows16(float* s, nint ldb, int kc, int nc, int full, float* dst)
    {
        int tail = nc - full;
        for (int k = 0; k < kc; k++, s += ldb)
        {
            float* d = dst + k * 16;
            for (int jp = 0; jp < full; jp += 16)
            {
                float* panel = d + (nint)jp * kc;
                Vector256.Store(Vector256.Load(s + jp), panel);
                Vector256.Store(Vector256.Load(s + jp + 8), panel + 8);
            }
            if (tail > 0)
            {
                float* last = d + (nint)full * kc;
                int q = 0;
                if (tail >= 8)
                {
                    Vector256.Store(Vector256.Load(s + full), last);
                    q = 8;
                }
                for (; q < tail; q++) last[q] = s[full + q];
                for (; q < 16; q++) last[q] = 0;
            }
        }
    }

    // B is stored N×K: column c of the panel is a contiguous run over k.
    private static void PackPanelTransposed(float* src, nint ldb, int kc, int cols, int nr, float* dst)
    {
        for (int c = 0; c < cols; c++)
        {
            float* s = src + c * ldb;
            float* d = dst + c;
            for (int k = 0; k < kc; k++) d[k * nr] = s[k];
        }
        for (int c = cols; c < nr; c++)
            for (int k = 0; k < kc; k++) dst[k * nr + c] = 0;
    }
}
