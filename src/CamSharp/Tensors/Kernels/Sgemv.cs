using System.Buffers;
using System.Numerics.Tensors;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The one-row case of <see cref="Sgemm"/> (a classifier head: 1×512 · 512×1000). Packing B
/// for a single row of A would cost as much as the product, so this streams B directly.
/// </summary>
internal static unsafe class Sgemv
{
    /// <summary>Columns per chunk: the accumulator stays in L1 while rows of B stream past.</summary>
    private const int Chunk = 512;

    /// <summary>C[0, :] = alpha·A[0, :]·op(B) + beta·C[0, :] + bias[0].</summary>
    public static void RowTimesMatrix(GemmArgs g, MatrixB b, int threads)
    {
        // op(A) row 0: contiguous unless A is stored transposed (one column of K rows).
        float[]? rented = null;
        float* aRow = g.A;
        if (g.TransA && g.Lda != 1)
        {
            rented = ArrayPool<float>.Shared.Rent(g.K);
            for (int k = 0; k < g.K; k++) rented[k] = g.A[k * g.Lda];
        }
        try
        {
            fixed (float* copy = rented)
            {
                var args = g;
                args.A = rented is null ? g.A : copy;
                int chunks = (g.N + Chunk - 1) / Chunk;
                long flops = 2L * g.N * g.K;
                if (flops < (1L << 21) || threads <= 1 || chunks == 1)
                {
                    for (int i = 0; i < chunks; i++) Columns(args, b, i * Chunk, Math.Min(g.N, (i + 1) * Chunk));
                }
                else
                {
                    WorkerTeam.For(chunks, i => Columns(args, b, i * Chunk, Math.Min(args.N, (i + 1) * Chunk)), threads);
                }
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<float>.Shared.Return(rented);
        }
    }

    private static void Columns(in GemmArgs g, in MatrixB b, int j0, int j1)
    {
        var a = new ReadOnlySpan<float>(g.A, g.K);
        int n = j1 - j0;
        Span<float> acc = stackalloc float[Chunk];
        acc = acc[..n];
        if (b.Transposed)
        {
            // B stored N×K: each output is a dot product of two contiguous rows.
            for (int j = 0; j < n; j++) acc[j] = TensorPrimitives.Dot(a, new ReadOnlySpan<float>(b.Data + (j0 + j) * b.Ldb, g.K));
        }
        else
        {
            acc.Clear();
            for (int k = 0; k < g.K; k++)
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(b.Data + k * b.Ldb + j0, n), a[k], acc, acc);
        }
        var c = new Span<float>(g.C + j0, n);
        float bias = g.Bias != null ? g.Bias[0] : 0f;
        for (int j = 0; j < n; j++) c[j] = g.Alpha * acc[j] + (g.Beta == 0 ? 0f : g.Beta * c[j]) + bias;
        g.Activation.Apply(c);
    }
}
