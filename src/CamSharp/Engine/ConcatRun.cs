using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// One run's in-place concatenations (<see cref="ConcatInPlace"/>): which blocks are written
/// straight into their Concat's output this run, the outputs allocated by the first producer
/// that writes into them, and the Concat steps that then only copy the other inputs. A block is
/// written in place only when its value is not kept (tapped, an output, read by backward) and not
/// supplied by the caller, so every value a user taps is a tensor of its own. Partial runs
/// (<c>RunFrom</c>) and precise runs concatenate by copying.
/// </summary>
internal sealed class ConcatRun
{
    private readonly Plan _plan;
    private readonly TensorInfo?[] _infos;
    private readonly bool[] _windowed;
    private readonly Tensor?[] _outputs;

    private ConcatRun(Plan plan, TensorInfo?[] infos)
    {
        _plan = plan;
        _infos = infos;
        _windowed = new bool[plan.Graph.ValueCount];
        _outputs = new Tensor?[plan.Graph.Nodes.Count];
    }

    /// <summary>The run's in-place blocks, or null when there are none.</summary>
    public static ConcatRun? Start(Plan plan, IReadOnlyList<int> steps, Tensor?[] values, bool[] keep, TensorInfo?[] infos)
    {
        if (!ReferenceEquals(steps, plan.Steps)) return null;
        ConcatRun? run = null;
        foreach (var concat in plan.Concats)
        {
            if (concat is null || values[concat.Output] is not null) continue;
            foreach (var block in concat.Blocks)
            {
                if (!block.Writable || keep[block.Value] || values[block.Value] is not null) continue;
                run ??= new ConcatRun(plan, infos);
                run._windowed[block.Value] = true;
            }
        }
        return run;
    }

    /// <summary>The tensor a producer writes value <paramref name="v"/> into: its block of the Concat's output, or null for a tensor of its own.</summary>
    public Tensor? Window(int v)
    {
        if (v < 0 || !_windowed[v]) return null;
        var (concat, offset) = _plan.ConcatBlocks[v]!.Value;
        var output = _outputs[concat.Node] ??= Tensor.Uninitialized(DataType.Float32, _infos[concat.Output]!.Value.Shape);
        return Tensor.Window(output, offset, _infos[v]!.Value.Shape);
    }

    /// <summary>
    /// For a Concat some of whose blocks were written in place: its output, with the other inputs
    /// copied in; null for any other node (which then runs as usual).
    /// </summary>
    public Tensor? Finish(int node, Tensor?[] inputs)
    {
        if (_plan.Concats[node] is not { } concat || _outputs[node] is not { } output) return null;
        _outputs[node] = null;
        var y = output.Floats;
        for (int k = 0; k < concat.Blocks.Length; k++)
        {
            var block = concat.Blocks[k];
            if (_windowed[block.Value]) continue;
            var x = inputs[k]!.Floats;
            x.CopyTo(y.Slice(block.Offset, x.Length));
        }
        return output;
    }
}
