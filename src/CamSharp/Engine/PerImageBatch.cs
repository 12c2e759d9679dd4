using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// A batch run as one batch-1 pass per image, the images claimed one at a time by the worker
/// team's threads, each pass running its kernels on that thread alone. Where an image's
/// activations outweigh the weights (SqueezeNet, MobileNet), its intermediates stay in its
/// core's cache from node to node and no node waits at a barrier for the other cores; where
/// the weights dominate (ResNet), one batched pass reads each weight once for every image
/// and stays faster. Only a pass that keeps nothing but its outputs splits, so taps,
/// gradients and re-runs always see the batch's own values.
/// </summary>
internal static class PerImageBatch
{
    /// <summary>The batch-1 plan to run each image with, or null when this run stays one batched pass.</summary>
    public static Plan? SinglePlan(Session session, Plan plan, Tensor input, RunOptions options)
    {
        if (options.SplitBatch == BatchSplit.Never || plan.Batch <= 1 || !plan.BatchSafe || plan.HasDeferred) return null;
        if (options.Taps.Count > 0 || options.GradientsFor.Count > 0 || options.RerunFrom.Count > 0 || options.KeepForOverride) return null;
        var graph = plan.Graph;
        if (graph.Inputs.Count != 1 || input.Rank == 0) return null;
        Plan single;
        try
        {
            single = session.GetPlan(new Dictionary<string, TensorInfo> { [graph.Inputs[0].Name] = new(input.Type, [1, .. input.Shape[1..]]) });
        }
        catch (InputException)
        {
            return null;
        }
        if (single.HasDeferred || !RowsOfOutputs(plan, single)) return null;
        return options.SplitBatch == BatchSplit.Always || Pays(single) ? single : null;
    }

    /// <summary>
    /// Expected to be faster per image: the float constants (weights) a batch-1 pass reads are fewer
    /// bytes than the activations it writes, so the batched pass's one read of each weight saves less
    /// than keeping each image's activations in cache does.
    /// </summary>
    private static bool Pays(Plan single) => single.ConstantFloatBytes < single.ActivationBytes();

    /// <summary>Every output is computed, distinct, and the batch plan's is the single plan's stacked by image.</summary>
    private static bool RowsOfOutputs(Plan batch, Plan single)
    {
        var graph = batch.Graph;
        var seen = new HashSet<int>();
        foreach (int v in graph.OutputIds)
        {
            if (!seen.Add(v) || graph.Producer[v] < 0 || batch.Constants[v] is not null || single.Constants[v] is not null) return false;
            if (batch.Infos[v] is not { } b || single.Infos[v] is not { } s || b.Type != s.Type) return false;
            if (b.Rank == 0 || s.Rank != b.Rank || b.Shape[0] != batch.Batch || s.Shape[0] != 1 || !b.Shape.AsSpan(1).SequenceEqual(s.Shape.AsSpan(1))) return false;
        }
        return true;
    }

    /// <summary>Runs every image of <paramref name="input"/> through <paramref name="single"/> and stacks the outputs.</summary>
    public static ForwardPass Run(Session session, Plan batch, Plan single, Tensor input, RunOptions options)
    {
        var graph = batch.Graph;
        var outputs = graph.OutputIds.Select(v => Tensor.Uninitialized(batch.Infos[v]!.Value.Type, batch.Infos[v]!.Value.Shape)).ToArray();
        var times = options.Profile ? new List<(Node, double)>[batch.Batch] : null;
        try
        {
            WorkerTeam.For(batch.Batch, image =>
            {
                using var row = TensorRows.Row(input, image);
                using var pass = new ForwardPass(session, single, new Dictionary<string, Tensor> { [graph.Inputs[0].Name] = row }, options);
                for (int k = 0; k < outputs.Length; k++) TensorRows.CopyValues(pass.Outputs[k], 0, outputs[k], image * pass.Outputs[k].Length, pass.Outputs[k].Length);
                if (times is not null) times[image] = [.. pass.NodeTimes!];
            });
        }
        catch
        {
            foreach (var o in outputs) o.Dispose();
            throw;
        }
        return new ForwardPass(session, batch, new Dictionary<string, Tensor> { [graph.Inputs[0].Name] = input }, outputs, times is null ? null : SumByNode(times));
    }

    /// <summary>Each node's time summed over the images, in the first image's order.</summary>
    private static List<(Node, double)> SumByNode(List<(Node Node, double Seconds)>[] perImage)
    {
        var sums = new Dictionary<Node, double>();
        foreach (var list in perImage)
            foreach (var (node, s) in list) sums[node] = sums.GetValueOrDefault(node) + s;
        return [.. perImage[0].Select(t => (t.Node, sums[t.Node]))];
    }
}
