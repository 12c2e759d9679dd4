using System.Buffers;
using CamSharp.Tensors;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Engine;

/// <summary>
/// Runs a list of plan steps over a value table, freeing every value at its last use
/// unless it is marked to keep, and fusing activations into their producers where no one
/// needs the value in between (<see cref="ActivationFusion"/>).
/// </summary>
internal static class Executor
{
    // values: the value table by id (missing entries are read from the plan's constants);
    // owned: which entries may be freed (inputs given by the caller are not); keep: values that must survive.
    // infos: the run's type and shape table, which deferred nodes fill in (a copy of the plan's, never the plan's own).
    public static void Run(Plan plan, IReadOnlyList<int> steps, Tensor?[] values, bool[] owned, bool[] keep, bool precise = false,
        List<(Node Node, double Seconds)>? times = null, bool fuse = true, TensorInfo?[]? infos = null, bool concatInPlace = true)
    {
        try
        {
            RunSteps(plan, steps, values, owned, keep, precise, times, fuse, infos, concatInPlace);
        }
        catch (ModelException e) when (e.GetType() == typeof(ModelException) && !e.Message.StartsWith(plan.Graph.Source, StringComparison.Ordinal))
        {
            // Operators know their node, not the file: say which model the node is in.
            throw new ModelException($"{plan.Graph.Source}: {e.Message}", e);
        }
    }

    private static void RunSteps(Plan plan, IReadOnlyList<int> steps, Tensor?[] values, bool[] owned, bool[] keep, bool precise,
        List<(Node Node, double Seconds)>? times, bool fuse, TensorInfo?[]? infos, bool concatInPlace)
    {
        var graph = plan.Graph;
        infos ??= plan.HasDeferred ? (TensorInfo?[])plan.Infos.Clone() : plan.Infos;
        // Per-run tables come from pools and per-step arrays are reused by length: a run allocates
        // nothing per node but the operator's context and its output tensors (garbage is jitter).
        // The float64 kernels of a precise run have no epilogue: nothing is fused then.
        var fused = fuse && !precise ? Fusions(plan, steps, values, keep) : null;
        // Producers writing straight into their block of a Concat's output (not in precise runs: the float64 kernels index storage arrays).
        var concats = fuse && concatInPlace && !precise ? ConcatRun.Start(plan, steps, values, keep, infos) : null;
        // Focus stems whose slices nobody needs run as one pass over the image (exact, so precise runs too).
        var stems = fuse ? FocusFusion.Active(plan, steps, values, keep) : null;
        var lastUse = ArrayPool<int>.Shared.Rent(Math.Max(graph.ValueCount, 1));
        var arrays = new StepArrays();
        try
        {
            Array.Fill(lastUse, -1, 0, graph.ValueCount);
            for (int s = 0; s < steps.Count; s++)
            {
                if (IsAbsorbed(fused, steps[s]) || IsAbsorbed(stems, steps[s])) continue;
                foreach (int v in stems?[steps[s]]?.Inputs ?? graph.NodeInputs[steps[s]])
                    if (v >= 0) lastUse[v] = s;
            }
            for (int s = 0; s < steps.Count; s++)
            {
                int n = steps[s];
                if (IsAbsorbed(fused, n) || IsAbsorbed(stems, n)) continue;
                WorkerTeam.KeepAwake();
                RunStep(plan, n, s, values, owned, keep, precise, times, infos, fused?[n], stems?[n], lastUse, arrays, concats);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(lastUse);
            if (fused is not null) ArrayPool<FusedActivation?>.Shared.Return(fused, clearArray: true);
            FocusFusion.Return(stems);
        }
    }

    private static bool IsAbsorbed(FusedActivation?[]? fused, int node) => fused?[node] is { } chain && chain.Producer != node;

    private static bool IsAbsorbed(FocusStem?[]? stems, int node) => stems?[node] is { } stem && stem.Concat != node;

    private static void RunStep(Plan plan, int n, int s, Tensor?[] values, bool[] owned, bool[] keep, bool precise,
        List<(Node Node, double Seconds)>? times, TensorInfo?[] infos, FusedActivation? chain, FocusStem? stem, int[] lastUse, StepArrays arrays, ConcatRun? concats)
    {
        var graph = plan.Graph;
        // A fused Focus stem runs its Concat as one operator over the sliced image.
        var op = stem?.Operator ?? graph.Operators[n];
        var ins = stem?.Inputs ?? graph.NodeInputs[n];
        var inputs = arrays.Inputs(ins.Length);
        for (int k = 0; k < ins.Length; k++)
        {
            if (ins[k] < 0) continue;
            inputs[k] = values[ins[k]] ?? plan.Constants[ins[k]]
                ?? throw new InvalidOperationException($"{op.Node}: input '{graph.ValueName(ins[k])}' is not available (freed or never computed).");
        }
        // A fused node writes the activation's output in place of its own.
        var outs = chain is null ? graph.NodeOutputs[n] : chain.Outputs;
        long start = times is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
        Tensor[] outputs;
        if (plan.HasDeferred && plan.Deferred[n])
            outputs = DeferredNode.Run(graph, op, inputs, outs, infos, plan.Limits, precise);
        else if (chain is null && BufferHandover.TryTake(op, ins, outs, s, values, owned, keep, lastUse, infos) is { } moved)
        {
            outputs = arrays.Outputs(1);
            outputs[0] = moved;
        }
        else if (stem is null && concats?.Finish(n, inputs) is { } concatenated)
        {
            outputs = arrays.Outputs(1);
            outputs[0] = concatenated;
        }
        else
        {
            outputs = arrays.Outputs(outs.Length);
            if (concats is null) Planner.Allocate(outs, infos, outputs);
            else
                for (int k = 0; k < outs.Length; k++)
                    outputs[k] = concats.Window(outs[k]) ?? Planner.Allocate([outs[k]], infos)[0];
            Forward(op, inputs, outputs, precise, chain?.Activation ?? Activation.None);
        }
        times?.Add((op.Node, System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds));
        Array.Clear(inputs);
        for (int k = 0; k < outs.Length; k++)
        {
            int v = outs[k];
            if (v < 0 || (lastUse[v] < 0 && !keep[v]))
            {
                outputs[k].Dispose();
                continue;
            }
            values[v]?.Dispose();
            values[v] = outputs[k];
            owned[v] = true;
        }
        Array.Clear(outputs);
        foreach (int v in ins)
        {
            if (v < 0 || lastUse[v] != s || keep[v] || !owned[v]) continue;
            values[v]?.Dispose();
            values[v] = null;
            owned[v] = false;
        }
    }

    /// <summary>
    /// The plan's fusable chains that can be fused in this run, by node (the producer and its
    /// absorbed nodes all point to the chain), or null when none can: every node of the chain
    /// is a step, and no hidden value is kept or already present (a caller's replacement).
    /// The array is pooled; the caller returns it.
    /// </summary>
    private static FusedActivation?[]? Fusions(Plan plan, IReadOnlyList<int> steps, Tensor?[] values, bool[] keep)
    {
        FusedActivation?[]? result = null;
        bool[]? inRun = null;
        int nodes = plan.Graph.Nodes.Count;
        try
        {
            foreach (int n in steps)
            {
                if (plan.Fusions[n] is not { } chain) continue;
                if (inRun is null && !ReferenceEquals(steps, plan.Steps))
                {
                    // A partial run (RunFrom): a chain fuses only when all of it runs.
                    inRun = ArrayPool<bool>.Shared.Rent(nodes);
                    Array.Clear(inRun, 0, nodes);
                    foreach (int m in steps) inRun[m] = true;
                }
                if (HiddenNeeded(chain, values, keep)) continue;
                if (inRun is not null && !AllIn(chain.Absorbed, inRun)) continue;
                if (result is null)
                {
                    result = ArrayPool<FusedActivation?>.Shared.Rent(nodes);
                    Array.Clear(result, 0, nodes);
                }
                result[n] = chain;
                foreach (int a in chain.Absorbed) result[a] = chain;
            }
            return result;
        }
        finally
        {
            if (inRun is not null) ArrayPool<bool>.Shared.Return(inRun);
        }
    }

    private static bool HiddenNeeded(FusedActivation chain, Tensor?[] values, bool[] keep)
    {
        foreach (int v in chain.Hidden)
            if (keep[v] || values[v] is not null) return true;
        return false;
    }

    private static bool AllIn(int[] nodes, bool[] inRun)
    {
        foreach (int n in nodes)
            if (!inRun[n]) return false;
        return true;
    }

    /// <summary>
    /// Runs one operator (with the activation fused into it, if any). A failure inside it (shapes a hostile model made inconsistent)
    /// becomes a <see cref="ModelException"/> naming the node, and the outputs are returned.
    /// </summary>
    internal static void Forward(Operator op, Tensor?[] inputs, Tensor[] outputs, bool precise = false, Activation activation = default)
    {
        try
        {
            op.Forward(new ForwardContext(inputs, outputs, activation) { Precise = precise });
        }
        catch (Exception e) when (IsOperatorFailure(e))
        {
            foreach (var o in outputs) o.Dispose();
            throw new ModelException($"{op.Node}: {FirstMessage(e)}", e);
        }
    }

    /// <summary>
    /// The exceptions an operator throws when shapes or attributes a hostile file made
    /// inconsistent slip past its checks; also when a parallel kernel wraps them.
    /// </summary>
    internal static bool IsOperatorFailure(Exception e) => e switch
    {
        AggregateException a => a.Flatten().InnerExceptions.All(IsOperatorFailure),
        _ => e is ArgumentException or IndexOutOfRangeException or InvalidOperationException or OverflowException or DivideByZeroException,
    };

    internal static string FirstMessage(Exception e) =>
        e is AggregateException a && a.Flatten().InnerExceptions.Count > 0 ? a.Flatten().InnerExceptions[0].Message : e.Message;
}
