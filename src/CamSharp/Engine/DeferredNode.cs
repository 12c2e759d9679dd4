using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// Runs a node whose output shapes depend on input values (NonZero, TopK with a computed k,
/// a Reshape fed by a computed shape, anything downstream of them): infers its shapes from
/// the actual inputs, checks them against the caps, allocates and runs it.
/// </summary>
internal static class DeferredNode
{
    /// <summary>The node's outputs; their infos are written into <paramref name="infos"/> (a per-run table).</summary>
    public static Tensor[] Run(Graph graph, Operator op, Tensor?[] inputs, int[] outs, TensorInfo?[] infos,
        ResourceLimits limits, bool precise)
    {
        var inInfos = inputs.Select(t => t is null ? (TensorInfo?)null : new TensorInfo(t.Type, t.Shape)).ToArray();
        var ctx = new InferContext(inInfos, inputs, outs.Length) { Limits = limits };
        try
        {
            Planner.Infer(op, ctx);
        }
        catch (DataDependentException e)
        {
            // Every input is known now, so the operator cannot still be waiting for one.
            throw new ModelException($"{op.Node}: {e.Message}", e);
        }

        var outputs = new Tensor[outs.Length];
        bool allConstant = true;
        for (int k = 0; k < outs.Length; k++)
        {
            string name = outs[k] >= 0 ? graph.ValueName(outs[k]) : $"output {k}";
            if (ctx.ConstantOutputs[k] is { } c)
            {
                // Operators may hand out a tensor they keep (Constant's value): the run owns a copy.
                outputs[k] = c.Clone();
                continue;
            }
            allConstant = false;
            var info = ctx.Outputs[k] ?? throw new ModelException($"{op.Node}: shape inference left output {k} undefined with every input known.");
            MemoryCheck.Tensor(graph, op.Node, name, info, limits);
            outputs[k] = Tensor.Uninitialized(info.Type, info.Shape);
        }
        if (!allConstant) Executor.Forward(op, inputs, outputs, precise);
        for (int k = 0; k < outs.Length; k++)
            if (outs[k] >= 0) infos[outs[k]] = new TensorInfo(outputs[k].Type, outputs[k].Shape);
        return outputs;
    }
}
