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
        For(length, chunks, new Ranges(body));
    }

    /// <summary>A (start, count) body behind the (chunk, start, count) form, without a closure.</summary>
    private readonly struct Ranges(Action<int, int> body) : IChunkBody
    {
        public void Run(int chunk, int start, int count) => body(start, count);
    }

    /// <summary>A per-chunk body as a struct.</summary>
    private interface IChunkBody
    {
        void Run(int chunk, int start, int count);
    }

    /// <summary>The (chunk, start, count) form over a delegate.</summary>
    private readonly struct Delegated(Action<int, int, int> body) : IChunkBody
    {
        public void Run(int chunk, int start, int count) => body(chunk, start, count);
    }

    /// <summary>Chunk c of [0, length) in steps of <c>size</c>, skipped when empty: a team body.</summary>
    private readonly struct Slices<TBody>(int length, long size, TBody body) : ITeamBody where TBody : struct, IChunkBody
    {
        public void Run(int c)
        {
            long start = c * size;
            if (start >= length) return;
            body.Run(c, (int)start, (int)Math.Min(size, length - start));
        }
    }

    /// <summary>
    /// Calls <paramref name="body"/>(chunk, start, count) for exactly <paramref name="chunks"/>
    /// chunks of [0, <paramref name="length"/>) (trailing chunks may be empty and are skipped),
    /// for callers that keep per-chunk state.
    /// </summary>
    public static void For(int length, int chunks, Action<int, int, int> body) => For(length, chunks, new Delegated(body));

    private static void For<TBody>(int length, int chunks, TBody body) where TBody : struct, IChunkBody
    {
        if (chunks <= 1)
        {
            if (length > 0) body.Run(0, 0, length);
            return;
        }
        long size = (((long)length + chunks - 1) / chunks + 15) & ~15L;
        WorkerTeam.For(chunks, new Slices<TBody>(length, size, body));
    }

    /// <summary>How many chunks <see cref="For(int, Action{int, int}, int)"/> would use: a couple per core at most.</summary>
    public static int ChunkCount(int length, int minChunk = MinChunk) =>
        Math.Clamp(length / Math.Max(minChunk, 1), 1, Environment.ProcessorCount * 2);
}
