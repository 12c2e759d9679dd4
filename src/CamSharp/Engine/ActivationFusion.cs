using CamSharp.Ops;
using CamSharp.Tensors;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Engine;

/// <summary>
/// A node whose operator can apply an activation while writing its output (a Conv, an Add), and the
/// activation nodes after it: Relu, Clip with constant bounds, or SiLU (Sigmoid and Mul of the
/// same value). Run fused, the producer writes <see cref="Output"/> directly and the
/// <see cref="Hidden"/> values (the pre-activation, and the sigmoid for SiLU) never exist.
/// </summary>
internal sealed record FusedActivation(int Producer, int[] Absorbed, int[] Hidden, int Output, Activation Activation)
{
    /// <summary>The fused node's output list: the chain's last value alone.</summary>
    public int[] Outputs { get; } = [Output];
}

/// <summary>
/// The planner pass that finds fusable producer → activation chains. It only records them:
/// whether a chain is fused is decided per run by <see cref="Executor"/>, which fuses only
/// when no hidden value must exist — a tap, a graph output, a value kept for backward (Clip's
/// and Mul's backward read their inputs) or for <c>RunFrom</c>, or a value the caller supplies.
/// So every value name stays valid: tapping a convolution's output simply runs that
/// convolution and its activation unfused for that run.
/// </summary>
internal static class ActivationFusion
{
    /// <summary>The fusable chain starting at each node, by node index (null where none).</summary>
    public static FusedActivation?[] Find(Graph graph, TensorInfo?[] infos, Tensor?[] constants, int[] steps)
    {
        var result = new FusedActivation?[graph.Nodes.Count];
        var outputs = new HashSet<int>(graph.OutputIds);
        foreach (int n in steps)
        {
            if (!graph.Operators[n].FusesActivation || graph.NodeOutputs[n].Length != 1) continue;
            int v = graph.NodeOutputs[n][0];
            if (v < 0 || outputs.Contains(v) || infos[v] is not { Type: DataType.Float32 }) continue;
            result[n] = Relu(graph, n, v) ?? Clip(graph, constants, n, v) ?? Silu(graph, outputs, n, v);
        }
        return result;
    }

    private static FusedActivation? Relu(Graph graph, int producer, int v)
    {
        if (graph.Consumers[v] is not [int a] || graph.Operators[a] is not Ops.Relu) return null;
        return new FusedActivation(producer, [a], [v], graph.NodeOutputs[a][0], Activation.Relu);
    }

    private static FusedActivation? Clip(Graph graph, Tensor?[] constants, int producer, int v)
    {
        if (graph.Consumers[v] is not [int a] || graph.Operators[a] is not Ops.Clip clip) return null;
        var ins = graph.NodeInputs[a];
        if (ins[0] != v) return null;
        Tensor? min = null, max = null;
        // Bounds must be known at plan time; a computed bound is left to the Clip node.
        if (ins.Length > 1 && ins[1] >= 0 && (min = constants[ins[1]]) is null) return null;
        if (ins.Length > 2 && ins[2] >= 0 && (max = constants[ins[2]]) is null) return null;
        if (min is { Type: not DataType.Float32 } || max is { Type: not DataType.Float32 }) return null;
        var (lo, hi) = clip.Bounds(min, max);
        return new FusedActivation(producer, [a], [v], graph.NodeOutputs[a][0], Activation.Clip(lo, hi));
    }

    /// <summary>v → Sigmoid → s, and Mul(v, s) (either order): y = v · sigmoid(v).</summary>
    private static FusedActivation? Silu(Graph graph, HashSet<int> outputs, int producer, int v)
    {
        if (graph.Consumers[v] is not [int first, int second]) return null;
        foreach (var (sig, mul) in new[] { (first, second), (second, first) })
        {
            if (graph.Operators[sig] is not Sigmoid || graph.Operators[mul] is not Mul) continue;
            int s = graph.NodeOutputs[sig][0];
            var mulIns = graph.NodeInputs[mul];
            if (s < 0 || outputs.Contains(s) || graph.Consumers[s] is not [int only] || only != mul) continue;
            if (mulIns.Length != 2 || !((mulIns[0] == v && mulIns[1] == s) || (mulIns[0] == s && mulIns[1] == v))) continue;
            return new FusedActivation(producer, [sig, mul], [v, s], graph.NodeOutputs[mul][0], Activation.Silu);
        }
        return null;
    }
}
