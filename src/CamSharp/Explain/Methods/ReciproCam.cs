using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Methods;

/// <summary>
/// Recipro-CAM (Byun &amp; Lee 2022, arXiv:2209.14074; OpenVINO XAI's default for CNNs): the
/// layer's map is copied once per spatial cell with every other cell zeroed, only the network
/// downstream of the layer runs on the copies, and the target's score of copy (i, j) is the
/// map's value at (i, j). As in OpenVINO XAI the scores are min–max scaled without a ReLU,
/// so the raw map is returned shifted to start at 0, and a model whose output is a Softmax's is
/// scored on the Softmax's input, the logits (<see cref="LogitOutputs"/>). Copies run in batches
/// within the memory budget (OpenVINO XAI builds all h·w copies at once).
/// </summary>
public sealed class ReciproCam : CamMethod, IRerunsDownstream
{
    public override string Name => "reciprocam";

    public override bool UsesGradients => false;

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b)
    {
        var captured = ctx.Pass.Value(layer.Value);
        if (layer.Levels is not null || captured.Rank != 4 || !ShapeUtil.Equal(captured.Shape, layer.Activations.Shape))
            throw new InputException($"Recipro-CAM masks the cells of an N×C×H×W layer; '{layer.Value}' is [{ShapeUtil.Format(captured.Shape)}]"
                + " (token layers: use vitreciprocam; stacked levels are not supported).");
        float[] scores;
        if (LogitOutputs.SessionFor(ctx.Model) is { } logits)
        {
            // The runner's pass ends in probabilities: one more pass of this image on the logit graph.
            using var image = TensorRows.Row(ctx.Input, b);
            using var pass = logits.Run(image, new RunOptions { Taps = [layer.Value], RerunFrom = [layer.Value], Precise = ctx.Options.Precise });
            scores = CellScores(ctx, pass, layer.Value, pass.Value(layer.Value), 0, ctx.Targets[b]);
        }
        else scores = CellScores(ctx, ctx.Pass, layer.Value, captured, b, ctx.Targets[b]);
        float min = System.Numerics.Tensors.TensorPrimitives.Min(scores);
        System.Numerics.Tensors.TensorPrimitives.Subtract(scores, min, scores);
        return scores;
    }

    /// <summary>
    /// The target's score for each of the h·w mosaic copies of image <paramref name="b"/>'s
    /// feature map in <paramref name="pass"/>: copy p keeps cell p in every channel and is zero elsewhere.
    /// </summary>
    private static float[] CellScores(CamContext ctx, ForwardPass pass, string value, Tensor captured, int b, OutputTarget target)
    {
        using var original = TensorRows.Row(captured, b);
        int channels = captured.Shape[1], cells = captured.Shape[2] * captured.Shape[3], size = original.Length;
        var source = original.Floats;
        var scores = new float[cells];
        long perRow = System.Math.Max(pass.RunFromBytesPerRow(value), pass.Plan.PeakBytes / System.Math.Max(pass.Batch, 1));
        int batch = CamBatching.RowsPerPass(ctx.Options, perRow, cells, ctx.Model.Limits.MemoryBytes);
        for (int start = 0; start < cells; start += batch)
        {
            int count = System.Math.Min(batch, cells - start);
            using var mosaic = Tensor.Zeros(DataType.Float32, [count, .. captured.Shape[1..]]);
            var copies = mosaic.Floats;
            for (int k = 0; k < count; k++)
                for (int c = 0, cell = start + k; c < channels; c++)
                    copies[k * size + c * cells + cell] = source[c * cells + cell];
            var outputs = pass.RunFrom(value, mosaic);
            try
            {
                for (int k = 0; k < count; k++) scores[start + k] = target.Score(outputs, k);
            }
            finally
            {
                foreach (var o in outputs) o.Dispose();
            }
        }
        return scores;
    }
}
