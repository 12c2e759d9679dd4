using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Methods;

/// <summary>
/// Recipro-CAM (Byun &amp; Lee 2022, arXiv:2209.14074; OpenVINO XAI's default for CNNs): the
/// layer's map is copied once per spatial cell with every other cell zeroed, only the network
/// downstream of the layer runs on the copies, and the target's score of copy (i, j) is the
/// map's value at (i, j). As in OpenVINO XAI the scores are min–max scaled without a ReLU,
/// so the raw map is returned shifted to start at 0. Copies run in batches within the memory
/// budget (OpenVINO XAI builds all h·w copies at once).
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
        var scores = CellScores(ctx, layer.Value, captured, b);
        float min = System.Numerics.Tensors.TensorPrimitives.Min(scores);
        System.Numerics.Tensors.TensorPrimitives.Subtract(scores, min, scores);
        return scores;
    }

    /// <summary>
    /// The target's score for each of the h·w mosaic copies of image <paramref name="b"/>'s
    /// feature map: copy p keeps cell p in every channel and is zero elsewhere.
    /// </summary>
    private static float[] CellScores(CamContext ctx, string value, Tensor captured, int b)
    {
        using var original = TensorRows.Row(captured, b);
        int channels = captured.Shape[1], cells = captured.Shape[2] * captured.Shape[3], size = original.Length;
        var source = original.Floats;
        var scores = new float[cells];
        long perRow = System.Math.Max(ctx.Pass.RunFromBytesPerRow(value), ctx.Pass.Plan.PeakBytes / System.Math.Max(ctx.Pass.Batch, 1));
        int batch = CamBatching.RowsPerPass(ctx.Options, perRow, cells, ctx.Model.Limits.MemoryBytes);
        for (int start = 0; start < cells; start += batch)
        {
            int count = System.Math.Min(batch, cells - start);
            using var mosaic = Tensor.Zeros(DataType.Float32, [count, .. captured.Shape[1..]]);
            var copies = mosaic.Floats;
            for (int k = 0; k < count; k++)
                for (int c = 0, cell = start + k; c < channels; c++)
                    copies[k * size + c * cells + cell] = source[c * cells + cell];
            var outputs = ctx.Pass.RunFrom(value, mosaic);
            try
            {
                for (int k = 0; k < count; k++) scores[start + k] = ctx.Targets[b].Score(outputs, k);
            }
            finally
            {
                foreach (var o in outputs) o.Dispose();
            }
        }
        return scores;
    }
}
