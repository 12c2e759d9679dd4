using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// A node that only relabels its input's shape (<see cref="Operator.RelabelsInput"/>) takes the
/// input's buffer for its output when the input dies at that node: computed by this pass, not
/// kept (tapped, an output, read by backward or a re-run) and read by no later node. Then no
/// copy is made and both values stay exact; a value someone still needs is always copied.
/// </summary>
internal static class BufferHandover
{
    /// <summary>The node's output over its input's buffer, or null when the input must stay as it is.</summary>
    public static Tensor? TryTake(Operator op, int[] ins, int[] outs, int step, Tensor?[] values, bool[] owned, bool[] keep, int[] lastUse, TensorInfo?[] infos)
    {
        if (!op.RelabelsInput || outs.Length != 1 || outs[0] < 0 || ins.Length == 0) return null;
        int v = ins[0];
        if (v < 0 || !owned[v] || keep[v] || lastUse[v] != step || values[v] is not { } x) return null;
        for (int k = 1; k < ins.Length; k++)
            if (ins[k] == v) return null;
        if (infos[outs[0]] is not { } info || info.Type != x.Type || ShapeUtil.Size(info.Shape) != x.Length) return null;
        return x.MoveTo(info.Shape);
    }
}
