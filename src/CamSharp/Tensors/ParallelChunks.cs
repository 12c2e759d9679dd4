namespace CamSharp.Tensors;

/// <summary>
/// Splits a range of work into a few coarse chunks and runs them in parallel, or inline
/// when the range is too small for threads to pay off.
/// </summary>
public static class ParallelChunks
{
    /// <summary>Below this many elements per chunk, thread hand-off costs more than it saves.</summary>
    public const int MinChunk = 1 << 15;

    /// <summary>
    /// Calls <paramref name="body"/>(start, count) over [0, <paramref name="length"/>) in chunks
    /// of at least <paramref name="minChunk"/> items; chunk starts are multiples of 16 so
    /// SIMD loops stay aligned.
    /// </summary>
    public static void For(int length, Action<int, int> body, int minChunk = MinChunk)
    {
        int chunks = ChunkCount(length, minChunk);
        if (chunks <= 1)
        {
            if (length > 0) body(0, length);
            return;
        }
        For(length, chunks, (_, start, count) => body(start, count));
    }

    /// <summary>
    /// Calls <paramref name="body"/>(chunk, start, count) for exactly <paramref name="chunks"/>
    /// chunks of [0, <paramref name="length"/>) (trailing chunks may be empty and are skipped),
    /// for callers that keep per-chunk state.
    /// </summary>
    public static void For(int length, int chunks, Action<int, int, int> body)
    {
        if (chunks <= 1)
        {
            if (length > 0) body(0, 0, length);
            return;
        }
        long size = (((long)length + chunks - 1) / chunks + 15) & ~15L;
        WorkerTeam.For(chunks, c =>
        {
            long start = c * size;
            if (start >= length) return;
            body(c, (int)start, (int)Math.Min(size, length - start));
        });
    }

    /// <summary>How many chunks <see cref="For(int, Action{int, int}, int)"/> would use: a couple per core at most.</summary>
    public static int ChunkCount(int length, int minChunk = MinChunk) =>
        Math.Clamp(length / Math.Max(minChunk, 1), 1, Environment.ProcessorCount * 2);
}
