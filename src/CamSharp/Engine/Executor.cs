using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// Runs a list of plan steps over a value table, freeing every value at its last use
/// unless it is marked to keep.
/// </summary>
internal static class Executor
{
    // values: the value table by id (missing entries are read from the plan's constants);
    // owned: which entries may be freed (inputs given by the caller are not); keep: values that must survive.
    public static void Run(Plan plan, IReadOnlyList<int> steps, Tensor?[] values, bool[] owned, bool[] keep, bool precise = false, List<(Node Node, double Seconds)>? times = null)
    {
        var graph = plan.Graph;
        var lastUse = new int[graph.ValueCount];
        Array.Fill(lastUse, -1);
        for (int s = 0; s < steps.Count; s++)
            foreach (int v in graph.NodeInputs[steps[s]])
                if (v >= 0) lastUse[v] = s;

        for (int s = 0; s < steps.Count; s++)
        {
            int n = steps[s];
            var op = graph.Operators[n];
            var ins = graph.NodeInputs[n];
            var inputs = new Tensor?[ins.Length];
            for (int k = 0; k < ins.Length; k++)
            {
                if (ins[k] < 0) continue;
                inputs[k] = values[ins[k]] ?? plan.Constants[ins[k]]
                    ?? throw new InvalidOperationException($"{op.Node}: input '{graph.ValueName(ins[k])}' is not available (freed or never computed).");
            }
            var outs = graph.NodeOutputs[n];
            var outputs = Planner.Allocate(outs, plan.Infos);
            long start = times is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
            Forward(op, inputs, outputs, precise);
            times?.Add((op.Node, System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds));
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
            foreach (int v in ins)
            {
                if (v < 0 || lastUse[v] != s || keep[v] || !owned[v]) continue;
                values[v]?.Dispose();
                values[v] = null;
                owned[v] = false;
            }
        }
    }

    /// <summary>
    /// Runs one operator. A failure inside it (shapes a hostile model made inconsistent)
    /// becomes a <see cref="ModelException"/> naming the node, and the outputs are returned.
    /// </summary>
    internal static void Forward(Operator op, Tensor?[] inputs, Tensor[] outputs, bool precise = false)
    {
        try
        {
            op.Forward(new ForwardContext(inputs, outputs) { Precise = precise });
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
