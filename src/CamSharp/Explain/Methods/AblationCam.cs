using CamSharp.Tensors;

namespace CamSharp.Explain.Methods;

/// <summary>
/// Ablation-CAM (Desai &amp; Ramaswamy, WACV 2020): w_c = (y − y_c) / y, where y_c is the
/// target's score with channel c ablated — set to 0 when the layer's minimum is 0, else to
/// min − 1e7. Only the part of the network downstream of the layer is re-run, in batches.
/// (pytorch-grad-cam re-runs the whole network and lets the ablation value drift by 1e7 per
/// batch row; here it is the same for every row.)
/// </summary>
public sealed class AblationCam : CamMethod, IRerunsDownstream
{
    public override string Name => "ablationcam";

    public override bool UsesGradients => false;

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b)
    {
        var captured = ctx.Pass.Value(layer.Value);
        float min = System.Numerics.Tensors.TensorPrimitives.Min(captured.Floats);
        float ablated = min == 0 ? 0 : min - 1e7f;
        using var original = TensorRows.Row(captured, b);
        float y = ctx.Targets[b].Score(ctx.Pass.Outputs, b);

        int channels = layer.Channels, size = original.Length, plane = size / System.Math.Max(channels, 1);
        var weights = new float[channels];
        int batch = CamBatching.RowsPerPass(ctx.Options, ctx.Pass.RunFromBytesPerRow(layer.Value), channels);
        for (int start = 0; start < channels; start += batch)
        {
            int count = System.Math.Min(batch, channels - start);
            using var replacement = TensorRows.Tile(original, count);
            for (int k = 0; k < count; k++)
                replacement.Floats.Slice(k * size + (start + k) * plane, plane).Fill(ablated);
            var outputs = ctx.Pass.RunFrom(layer.Value, replacement);
            try
            {
                for (int k = 0; k < count; k++)
                    weights[start + k] = (y - ctx.Targets[b].Score(outputs, k)) / y;
            }
            finally
            {
                foreach (var o in outputs) o.Dispose();
            }
        }
        return weights;
    }
}
