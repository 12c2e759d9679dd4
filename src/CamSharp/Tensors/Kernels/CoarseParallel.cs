namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Splits a loop into a few contiguous chunks per core, and runs it inline when the work is
/// too small to pay for waking another thread. Chunks are claimed as threads come free, so a
/// thread the OS delays (another process, a collection) leaves its share to the others
/// instead of holding the region up.
/// </summary>
internal static class CoarseParallel
{
    /// <summary>Work below this many values per chunk stays on one thread.</summary>
    private const long MinChunkCost = 1 << 16;

    /// <summary>Chunks per core at most: enough to rebalance around a delayed thread.</summary>
    private const int ChunksPerCore = 4;

    /// <summary>Runs body(from, to) over [0, count) where one item costs <paramref name="itemCost"/> values of work.</summary>
    public static void ForChunks(int count, long itemCost, Action<int, int> body)
    {
        int chunks = ChunkCount(count, itemCost);
        if (chunks <= 1)
        {
            if (count > 0) body(0, count);
            return;
        }
        WorkerTeam.For(chunks, new Chunks(count, chunks, body));
    }

    /// <summary>
    /// How many chunks <see cref="ForChunks"/> cuts [0, count) into: one per <see cref="MinChunkCost"/> of work, at most
    /// <see cref="ChunksPerCore"/> per core, and when parallel a multiple of the cores (as far as there are items), so equal
    /// chunks end together: 3 chunks on 2 cores took two chunks' time, 4 take two half-size ones (a 5 ms model at batch 1
    /// has several such nodes, mobilenet_v2's 576-channel depthwise 14 → 7 among them).
    /// </summary>
    internal static int ChunkCount(int count, long itemCost)
    {
        long total = count * Math.Max(itemCost, 1);
        int cores = Environment.ProcessorCount;
        int chunks = (int)Math.Clamp(total / MinChunkCost, 1, Math.Min(count, cores * ChunksPerCore));
        return chunks <= 1 ? chunks : Math.Min(count, (chunks + cores - 1) / cores * cores);
    }

    /// <summary>Chunk <c>part</c> of <c>chunks</c> equal ranges of [0, count), as a team body (no closure).</summary>
    private readonly struct Chunks(int count, int chunks, Action<int, int> body) : ITeamBody
    {
        public void Run(int part) => body((int)((long)count * part / chunks), (int)((long)count * (part + 1) / chunks));
    }
}
