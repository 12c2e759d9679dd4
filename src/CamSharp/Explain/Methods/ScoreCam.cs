using CamSharp.Engine;
using CamSharp.Imaging;
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
        var image = ctx.Input.Floats.Slice(b * imageSize, imageSize).ToArray();
        var scores = new float[channels];
        // Per masked image: the model's peak of live tensors (masked input included), and its
        // largest value again for the kernels' scratch.
        var single = ctx.Model.Session.GetPlan(1, cIn, height, width);
        int batch = CamBatching.RowsPerPass(ctx.Options, single.PeakBytes + single.LargestTensorBytes, channels, ctx.Model.Limits.MemoryBytes);
        batch = CamBatching.RowsTheModelTakes(ctx.Model.Session, batch, ctx.Input.Shape);
        for (int start = 0; start < channels; start += batch)
        {
            int count = System.Math.Min(batch, channels - start);
            var masked = Tensor.Uninitialized(DataType.Float32, [count, cIn, height, width]);
            for (int k = 0; k < count; k++)
            {
                var mask = Mask(layer, b, start + k, width, height);
                var dst = masked.Floats.Slice(k * imageSize, imageSize);
                for (int ch = 0; ch < cIn; ch++)
                    for (int i = 0; i < plane; i++) dst[ch * plane + i] = image[ch * plane + i] * mask[i];
            }
            using (masked)
            using (var pass = ctx.Model.Session.Run(masked, new RunOptions { Precise = ctx.Options.Precise }))
                for (int k = 0; k < count; k++) scores[start + k] = ctx.Targets[b].Score(pass.Outputs, k);
        }
        var weights = new float[channels];
        ClassProbabilities.Softmax(scores, weights, "the masked inputs' target scores");
        return weights;
    }

    /// <summary>Channel c upsampled with align_corners=True and scaled to [0, 1] (+1e-8 in the denominator).</summary>
    private static float[] Mask(CamLayer layer, int b, int c, int width, int height)
    {
        var up = ImageResize.ResizeAlignCorners(new FloatMap(layer.Width, layer.Height, layer.A(b, c).ToArray()), width, height).Data;
        float min = System.Numerics.Tensors.TensorPrimitives.Min(up), max = System.Numerics.Tensors.TensorPrimitives.Max(up);
        float denominator = max - min + 1e-8f;
        for (int i = 0; i < up.Length; i++) up[i] = (up[i] - min) / denominator;
        return up;
    }
}
