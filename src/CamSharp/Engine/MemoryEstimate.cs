using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// How many bytes of activations a run holds at its worst moment, by replaying the
/// executor's bookkeeping (values allocated when produced, freed after their last use)
/// without computing anything. Fusion only lowers the real figure, so this is an upper bound
/// of the values themselves; kernels' scratch is covered by one extra largest value.
/// </summary>
internal static class MemoryEstimate
{
    /// <summary>Peak bytes of the values produced by <paramref name="steps"/>, plus the largest one again as scratch.</summary>
    public static long PeakBytes(Plan plan, IReadOnlyList<int> steps)
    {
        var graph = plan.Graph;
        var lastUse = new int[graph.ValueCount];
        Array.Fill(lastUse, -1);
        for (int s = 0; s < steps.Count; s++)
            foreach (int v in graph.NodeInputs[steps[s]])
                if (v >= 0) lastUse[v] = s;
        foreach (int v in graph.OutputIds) lastUse[v] = int.MaxValue;

        long live = 0, peak = 0, largest = 0;
        var produced = new bool[graph.ValueCount];
        for (int s = 0; s < steps.Count; s++)
        {
            foreach (int v in graph.NodeOutputs[steps[s]])
            {
                if (v < 0) continue;
                long bytes = Bytes(plan, v);
                live += bytes;
                largest = Math.Max(largest, bytes);
                produced[v] = true;
            }
            peak = Math.Max(peak, live);
            foreach (int v in graph.NodeOutputs[steps[s]])
                if (v >= 0 && lastUse[v] < 0) live -= Bytes(plan, v);
            foreach (int v in graph.NodeInputs[steps[s]])
                if (v >= 0 && produced[v] && lastUse[v] == s)
                {
                    live -= Bytes(plan, v);
                    produced[v] = false;
                }
        }
        return peak + largest;
    }

    private static long Bytes(Plan plan, int v) =>
        plan.Infos[v] is { } info ? ShapeUtil.Size(info.Shape) * (long)ElementSize(info.Type) : 0;

    private static int ElementSize(DataType type) => type switch
    {
        DataType.Int64 => 8,
        DataType.Bool => 1,
        _ => 4,
    };
}
