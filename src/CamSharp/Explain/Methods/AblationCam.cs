using CamSharp.Tensors;

namespace CamSharp.Explain.Methods;

/// <summary>
/// Ablation-CAM (Desai &amp; Ramaswamy, WACV 2020): w_c = (y − y_c) / y, where y_c is the
/// target's score with channel c ablated — set to 0 when the layer's minimum is 0, else to
/// min − 1e7. Only the part of the network downstream of the layer is re-run, in batches.
/// (pytorch-grad-cam re-runs the whole network and lets the ablation value drift by 1e7 per
/// batch row; here it is the same for every row.) On stacked levels (<see cref="LevelStack"/>)
/// a channel is ablated in the layer it came from, with that layer's value, as MMDetection's
/// <c>DetAblationLayer</c> does. On token and channels-last layers channel c is ablated over
/// every token (pytorch-grad-cam's <c>AblationLayerVit</c>, without its per-row drift).
/// </summary>
public sealed class AblationCam : CamMethod, IRerunsDownstream
{
    public override string Name => "ablationcam";

    public override bool UsesGradients => false;

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b)
    {
        float y = ctx.Targets[b].Score(ctx.Pass.Outputs, b);
        var weights = new float[layer.Channels];
        foreach (var level in layer.Levels ?? [new CamLayerLevel(layer.Value, 0, layer.Channels)])
            AblateEach(ctx, level.Value, b, y, weights.AsSpan(level.FirstChannel, level.Channels));
        return weights;
    }

    /// <summary>Fills <paramref name="weights"/> with (y − y_c) / y for every channel of the captured value.</summary>
    private static void AblateEach(CamContext ctx, string value, int b, float y, Span<float> weights)
    {
        var captured = ctx.Pass.Value(value);
        float min = System.Numerics.Tensors.TensorPrimitives.Min(captured.Floats);
        float ablated = min == 0 ? 0 : min - 1e7f;
        using var original = TensorRows.Row(captured, b);

        int channels = weights.Length, size = original.Length, plane = size / System.Math.Max(channels, 1);
        // Tokens [N, T, C] and channels-last maps keep channels on the last axis: channel c is every
        // C-th value, across all tokens (the class token too), as pytorch-grad-cam's AblationLayerVit ablates it.
        bool channelsLast = captured.Rank >= 3 && captured.Shape[^1] == channels && !(captured.Rank >= 4 && captured.Shape[1] == channels);
        // RunFrom plans the whole graph at the batch size, and the model's budget checks that
        // plan's peak although only the part downstream runs: a row costs the larger of the two.
        long perRow = System.Math.Max(ctx.Pass.RunFromBytesPerRow(value), ctx.Pass.Plan.PeakBytes / System.Math.Max(ctx.Pass.Batch, 1));
        int batch = CamBatching.RowsPerPass(ctx.Options, perRow, channels, ctx.Model.Limits.MemoryBytes);
        for (int start = 0; start < channels; start += batch)
        {
            int count = System.Math.Min(batch, channels - start);
            using var replacement = TensorRows.Tile(original, count);
            for (int k = 0; k < count; k++)
            {
                var row = replacement.Floats.Slice(k * size, size);
                if (channelsLast)
                    for (int i = start + k; i < size; i += channels) row[i] = ablated;
                else
                    row.Slice((start + k) * plane, plane).Fill(ablated);
            }
            var outputs = ctx.Pass.RunFrom(value, replacement);
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
    }
}
