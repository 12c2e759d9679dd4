using System.Buffers;
using CamSharp.Ops;
using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// A Focus stem in a plan: the <see cref="Concat"/> node that may run as one
/// <see cref="FocusSpaceToDepth"/> of <see cref="Source"/>, the Slice nodes it then absorbs, and
/// the values (the slices' outputs) that then never exist.
/// </summary>
internal sealed record FocusStem(int Concat, int Source, int[] Absorbed, int[] Hidden, Operator Operator)
{
    /// <summary>The fused node's input list: the sliced image alone.</summary>
    public int[] Inputs { get; } = [Source];
}

/// <summary>
/// The planner pass that finds YOLOv5's and YOLOX's Focus stem: four chains of one to four Slices
/// of the same [N, C, H, W] value, each taking one pixel phase (steps 2 on the last two axes,
/// starts 0 or 1, through the end; the other axes whole), read only by one Concat on axis 1 that
/// takes the four phases in any order. It only records them: like <see cref="ActivationFusion"/>,
/// the executor fuses a stem per run only when no slice output must exist — tapped, a graph
/// output, supplied by the caller, or a partial run that does not run the whole pattern — so
/// every value name stays valid. Backward needs none of these values, so a backward sweep takes a
/// stem as one scatter whenever no gradient is asked for a slice output, whether or not the forward
/// pass fused it.
/// </summary>
internal static class FocusFusion
{
    /// <summary>The Focus stems of a plan (usually none, at most a few).</summary>
    public static FocusStem[] Find(Graph graph, TensorInfo?[] infos, Tensor?[] constants, int[] steps, bool[] deferred)
    {
        List<FocusStem>? stems = null;
        var isStep = new bool[graph.Nodes.Count];
        foreach (int n in steps) isStep[n] = !(deferred.Length > n && deferred[n]);
        foreach (int n in steps)
            if (isStep[n] && graph.Operators[n] is Concat concat && Match(graph, infos, constants, isStep, n, concat) is { } stem)
                (stems ??= []).Add(stem);
        return stems?.ToArray() ?? [];
    }

    /// <summary>
    /// The stems to fuse in this run by node index (the Concat and its slices all point to the stem),
    /// or null when there are none. The array is pooled; the caller hands it to <see cref="Return"/>.
    /// </summary>
    public static FocusStem?[]? Active(Plan plan, IReadOnlyList<int> steps, Tensor?[] values, bool[] keep)
    {
        FocusStem?[]? result = null;
        bool whole = ReferenceEquals(steps, plan.Steps);
        foreach (var stem in plan.FocusStems)
        {
            if (Needed(stem.Hidden, values, keep)) continue;
            // A partial run (RunFrom) fuses a stem only when it runs all of it.
            if (!whole && (!steps.Contains(stem.Concat) || !stem.Absorbed.All(steps.Contains))) continue;
            result ??= Rent(plan);
            result[stem.Concat] = stem;
            foreach (int a in stem.Absorbed) result[a] = stem;
        }
        return result;
    }

    /// <summary>Some slice output is kept (tapped, an output, read later) or already there (a caller's replacement).</summary>
    private static bool Needed(int[] hidden, Tensor?[] values, bool[] keep)
    {
        foreach (int v in hidden)
            if (keep[v] || values[v] is not null) return true;
        return false;
    }

    /// <summary>
    /// The stems a backward sweep takes as one FocusSpaceToDepth by node index, or null when there are none:
    /// those whose nodes it all visits and for none of whose slice outputs a gradient is asked.
    /// The array is pooled; the caller hands it to <see cref="Return"/>.
    /// </summary>
    public static FocusStem?[]? ForBackward(Plan plan, bool[] visited, ISet<int> wanted)
    {
        FocusStem?[]? result = null;
        foreach (var stem in plan.FocusStems)
        {
            if (!visited[stem.Concat] || !stem.Absorbed.All(a => visited[a]) || stem.Hidden.Any(wanted.Contains)) continue;
            result ??= Rent(plan);
            result[stem.Concat] = stem;
            foreach (int a in stem.Absorbed) result[a] = stem;
        }
        return result;
    }

    private static FocusStem?[] Rent(Plan plan)
    {
        var result = ArrayPool<FocusStem?>.Shared.Rent(plan.Graph.Nodes.Count);
        Array.Clear(result, 0, plan.Graph.Nodes.Count);
        return result;
    }

    public static void Return(FocusStem?[]? active)
    {
        if (active is not null) ArrayPool<FocusStem?>.Shared.Return(active, clearArray: true);
    }

    private static FocusStem? Match(Graph graph, TensorInfo?[] infos, Tensor?[] constants, bool[] isStep, int n, Concat concat)
    {
        var ins = graph.NodeInputs[n];
        int y = graph.NodeOutputs[n][0];
        if (ins.Length != 4 || y < 0 || infos[y] is not { Type: DataType.Float32, Rank: 4 } output || concat.Axis(4) != 1) return null;
        int source = -1;
        var phases = new long[4];
        var absorbed = new List<int>();
        var hidden = new List<int>();
        for (int k = 0; k < 4; k++)
        {
            int v = ins[k];
            if (v < 0 || Array.IndexOf(ins, v) != k) return null;
            // The chain of Slices above v, nearest first: exporters write one Slice per axis (the whole
            // batch and channel axes too, from FX graphs), or one for both.
            var chain = new List<int>();
            int u = v;
            while (chain.Count < 4 && graph.Producer[u] is int p && p >= 0 && graph.Operators[p] is Slice)
            {
                chain.Add(p);
                hidden.Add(u);
                u = graph.NodeInputs[p][0];
                if (u < 0) return null;
            }
            if (chain.Count == 0 || (source >= 0 && u != source)) return null;
            source = u;
            if (Phase(graph, infos, constants, chain) is not { } phase) return null;
            phases[k] = phase;
            absorbed.AddRange(chain);
        }
        if (phases.Distinct().Count() != 4 || infos[source] is not { Type: DataType.Float32, Rank: 4 } image || constants[source] is not null) return null;
        var s = image.Shape;
        if (s[2] % 2 != 0 || s[3] % 2 != 0 || !ShapeUtil.Equal(output.Shape, [s[0], 4 * s[1], s[2] / 2, s[3] / 2])) return null;

        // Each slice output is read only inside the pattern, and each slice runs in every full run.
        var inside = absorbed.Append(n).ToHashSet();
        var outputs = graph.OutputIds;
        foreach (int v in hidden)
            if (Array.IndexOf(outputs, v) >= 0 || !graph.Consumers[v].All(inside.Contains) || infos[v] is not { Rank: 4 } part
                || (Array.IndexOf(ins, v) >= 0 && !ShapeUtil.Equal(part.Shape, [s[0], s[1], s[2] / 2, s[3] / 2])))
                return null;
        foreach (int a in absorbed) if (!isStep[a]) return null;

        var node = graph.Nodes[n];
        var fused = new Node(node.Name, FocusSpaceToDepth.OpType, [graph.ValueName(source)], [graph.ValueName(y)],
            new Attributes().Set("phases", phases), RequantizedConv.Domain) { Metadata = node.Metadata };
        return new FocusStem(n, source, [.. absorbed.Distinct()], [.. hidden.Distinct()], new FocusSpaceToDepth(fused));
    }

    /// <summary>
    /// The pixel phase (2·row + column offset) a chain of Slices (nearest the Concat first) takes from
    /// its source: the batch and channel axes whole, rows and columns from offset 0 or 1 in steps of 2;
    /// null for anything else. That the phase runs to the end of each axis is the caller's shape check.
    /// </summary>
    private static long? Phase(Graph graph, TensorInfo?[] infos, Tensor?[] constants, List<int> chain)
    {
        long row = 0, rowStep = 1, column = 0, columnStep = 1;
        for (int i = chain.Count - 1; i >= 0; i--)
        {
            int p = chain[i];
            var pins = graph.NodeInputs[p];
            if (infos[pins[0]] is not { Rank: 4 } input) return null;
            (long Start, long Step, int Count)[] selection;
            try
            {
                selection = ((Slice)graph.Operators[p]).Selection(input.Shape, j => j < pins.Length && pins[j] >= 0 ? constants[pins[j]] : null);
            }
            catch (ModelException)
            {
                return null;
            }
            for (int a = 0; a < 2; a++)
                if (selection[a].Start != 0 || selection[a].Count != input.Shape[a] || (selection[a].Step != 1 && selection[a].Count > 1)) return null;
            row += rowStep * selection[2].Start;
            rowStep *= selection[2].Step;
            column += columnStep * selection[3].Start;
            columnStep *= selection[3].Step;
        }
        if (rowStep != 2 || columnStep != 2 || row is not (0 or 1) || column is not (0 or 1)) return null;
        return 2 * row + column;
    }
}
