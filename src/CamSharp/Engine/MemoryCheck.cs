using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// Checks a plan against <see cref="ResourceLimits"/> before it runs: each value's size as
/// soon as its shape is inferred, and the peak of live tensors over the whole run.
/// </summary>
internal static class MemoryCheck
{
    /// <summary>One value: its element count and bytes against the caps, before anything is allocated for it.</summary>
    public static void Tensor(Graph graph, Node node, string value, TensorInfo info, ResourceLimits limits)
    {
        long elements = ResourceLimits.ElementCount(info.Shape);
        if (elements > limits.MaxElements)
            throw new ResourceLimitException(nameof(ResourceLimits.MaxElements), elements, limits.MaxElements,
                $"{graph.Source}: {node} would make '{value}' of shape [{ShapeUtil.Format(info.Shape)}] = {elements} elements, over the cap of {limits.MaxElements}.");
        long bytes = ResourceLimits.BytesOf(info.Type, info.Shape);
        if (bytes > limits.MemoryBytes)
            throw new ResourceLimitException(nameof(ResourceLimits.MemoryBytes), bytes, limits.MemoryBytes,
                $"{graph.Source}: {node} would make '{value}' of shape [{ShapeUtil.Format(info.Shape)}] take {ResourceLimits.FormatBytes(bytes)}, " +
                $"over the memory budget of {ResourceLimits.FormatBytes(limits.MemoryBytes)} (ResourceLimits.MemoryBytes).");
    }

    /// <summary>
    /// The most bytes live at once when the steps run the way <see cref="Executor"/> runs them
    /// (each value freed after its last use, graph outputs kept), and the largest single
    /// value; throws when the peak is over the budget.
    /// </summary>
    public static (long Peak, long Largest) Peak(Graph graph, IReadOnlyList<int> steps, TensorInfo?[] infos, ResourceLimits limits)
    {
        var lastUse = new int[graph.ValueCount];
        Array.Fill(lastUse, -1);
        for (int s = 0; s < steps.Count; s++)
            foreach (int v in graph.NodeInputs[steps[s]])
                if (v >= 0) lastUse[v] = s;
        var keep = new bool[graph.ValueCount];
        foreach (int v in graph.OutputIds) keep[v] = true;

        long live = 0, largest = 0;
        foreach (int v in graph.InputIds) live += Bytes(infos, v);
        long peak = live;
        int peakStep = -1;
        for (int s = 0; s < steps.Count; s++)
        {
            int n = steps[s];
            foreach (int v in graph.NodeOutputs[n])
            {
                long b = Bytes(infos, v);
                live += b;
                largest = Math.Max(largest, b);
            }
            if (live > peak)
            {
                peak = live;
                peakStep = s;
            }
            foreach (int v in graph.NodeOutputs[n])
                if (v >= 0 && lastUse[v] < 0 && !keep[v]) live -= Bytes(infos, v);
            foreach (int v in graph.NodeInputs[n].Distinct())
                if (v >= 0 && lastUse[v] == s && !keep[v] && graph.Producer[v] >= 0) live -= Bytes(infos, v);
        }
        if (peak > limits.MemoryBytes)
        {
            string where = peakStep >= 0 ? $" (reached at {graph.Nodes[steps[peakStep]]})" : "";
            throw new ResourceLimitException(nameof(ResourceLimits.MemoryBytes), peak, limits.MemoryBytes,
                $"{graph.Source}: running it on inputs of this size needs {ResourceLimits.FormatBytes(peak)} of tensors at once{where}, " +
                $"over the memory budget of {ResourceLimits.FormatBytes(limits.MemoryBytes)} (ResourceLimits.MemoryBytes); a smaller input needs less.");
        }
        return (peak, largest);
    }

    private static long Bytes(TensorInfo?[] infos, int v) =>
        v >= 0 && infos[v] is { } info ? PooledBytes(info.Type, info.Shape) : 0;

    /// <summary>
    /// What a tensor really holds: its buffer comes from the shared array pool, which rounds a
    /// request up to a power of two elements (up to 2^30), so a large input's tensors take up to
    /// twice their elements' bytes.
    /// </summary>
    internal static long PooledBytes(Tensors.DataType type, ReadOnlySpan<int> shape)
    {
        long n = ResourceLimits.ElementCount(shape);
        long pooled = n is > 16 and <= 1L << 30 ? (long)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)n) : n;
        return ResourceLimits.BytesOf(type, shape) / Math.Max(n, 1) * pooled;
    }
}
