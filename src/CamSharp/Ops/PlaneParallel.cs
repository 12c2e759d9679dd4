using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// Runs independent work items (usually N·C planes) in parallel only when there is enough
/// work to pay for the scheduling; small tensors stay on the calling thread.
/// </summary>
internal static class PlaneParallel
{
    /// <summary>Below this many element-operations in total, threads cost more than they save.</summary>
    private const long MinParallelWork = 1 << 15;

    public static void For(int count, long workPerItem, Action<int> body)
    {
        if (count <= 0) return;
        if (count == 1 || count * workPerItem < MinParallelWork)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        // Coarse chunks: a few per core, never one task per tiny item.
        int chunks = Math.Min(count, Environment.ProcessorCount * 4);
        WorkerTeam.For(chunks, new Planes(count, chunks, body));
    }

    /// <summary>Chunk <c>chunk</c> of <c>chunks</c> equal ranges of items, as a team body (no closure).</summary>
    private readonly struct Planes(int count, int chunks, Action<int> body) : ITeamBody
    {
        public void Run(int chunk)
        {
            int from = (int)((long)count * chunk / chunks), to = (int)((long)count * (chunk + 1) / chunks);
            for (int i = from; i < to; i++) body(i);
        }
    }
}
