using CamSharp.Engine;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using CamSharp.Imaging.Resize;
using CamSharp.Tensors;

namespace CamSharp.Explain.Methods;

/// <summary>
/// Score-CAM (Wang et al., CVPR-W 2020, arXiv:1910.01279): each channel, upsampled to the
/// input with align_corners bilinear and min–max scaled, masks the input; the target's
/// scores on the masked inputs, through a softmax over channels, are the weights.
/// </summary>
public sealed class ScoreCam : CamMethod
{
    public override string Name => "scorecam";

    public override bool UsesGradients => false;

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b)
    {
        int channels = layer.Channels, cIn = ctx.Input.Shape[1], height = ctx.Input.Shape[2], width = ctx.Input.Shape[3];
        int plane = height * width, imageSize = cIn * plane;
        var scores = new float[channels];
        // Per masked image: the model's peak of live tensors (masked input included), and its
        // largest value again for the kernels' scratch.
        var single = ctx.Model.Session.GetPlan(1, cIn, height, width);
        int batch = CamBatching.RowsPerPass(ctx.Options, single.PeakBytes + single.LargestTensorBytes, channels, ctx.Model.Limits.MemoryBytes);
        batch = CamBatching.RowsTheModelTakes(ctx.Model.Session, batch, ctx.Input.Shape);
        // One mask and one batch of masked inputs, reused for every pass: per-channel garbage
        // (a map and an image per channel) is what the GC lets grow past the memory budget.
        var resizer = new AlignCornersResizer(layer.Width, layer.Height, width, height);
        var mask = new float[plane];
        Tensor? masked = null;
        try
        {
            for (int start = 0; start < channels; start += batch)
            {
                int count = System.Math.Min(batch, channels - start);
                if (masked is null || masked.Shape[0] != count)
                {
                    masked?.Dispose();
                    masked = Tensor.Uninitialized(DataType.Float32, [count, cIn, height, width]);
                }
                for (int k = 0; k < count; k++)
                {
                    Mask(resizer, layer.A(b, start + k), mask);
                    for (int ch = 0; ch < cIn; ch++)
                        TensorPrimitives.Multiply(ctx.Input.Floats.Slice(b * imageSize + ch * plane, plane), mask,
                            masked.Floats.Slice(k * imageSize + ch * plane, plane));
                }
                using var pass = ctx.Model.Session.Run(masked, new RunOptions { Precise = ctx.Options.Precise });
                for (int k = 0; k < count; k++) scores[start + k] = ctx.Targets[b].Score(pass.Outputs, k);
            }
        }
        finally
        {
            masked?.Dispose();
        }
        var weights = new float[channels];
        ClassProbabilities.Softmax(scores, weights, "the masked inputs' target scores");
        return weights;
    }

    /// <summary>A channel upsampled with align_corners=True and scaled to [0, 1] (+1e-8 in the denominator).</summary>
    private static void Mask(AlignCornersResizer resizer, ReadOnlySpan<float> channel, float[] mask)
    {
        resizer.Resize(channel, mask);
        float min = TensorPrimitives.Min(mask), max = TensorPrimitives.Max(mask);
        TensorPrimitives.Subtract(mask, min, mask);
        TensorPrimitives.Divide(mask, max - min + 1e-8f, mask);
    }
}
