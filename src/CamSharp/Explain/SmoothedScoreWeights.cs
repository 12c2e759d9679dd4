using CamSharp.Imaging;

namespace CamSharp.Explain;

/// <summary>
/// The channel weights of torchcam's Score-CAM family (SS-CAM, IS-CAM): each channel scaled
/// to [0, 1] at the layer's size (x − min, then / (max + 1e-8)), upsampled bilinearly with
/// half-pixel centres, perturbed per sample, multiplied into the input; the weights are
/// softmax over channels of the mean over samples of (score − the unmasked input's score).
/// </summary>
internal static class SmoothedScoreWeights
{
    /// <summary>
    /// Weights [C] for image <paramref name="b"/>; <paramref name="perturb"/>(sample, channel,
    /// mask) turns the upsampled mask into the one multiplied into the input.
    /// </summary>
    public static float[] Compute(CamContext ctx, CamLayer layer, int b, int samples, Action<int, int, Span<float>> perturb)
    {
        int channels = layer.Channels, cIn = ctx.Input.Shape[1], height = ctx.Input.Shape[2], width = ctx.Input.Shape[3];
        int plane = height * width, imageSize = cIn * plane;
        var image = ctx.Input.Floats.Slice(b * imageSize, imageSize).ToArray();
        float baseline = ctx.Targets[b].Score(ctx.Pass.Outputs, b);
        var sums = new double[channels];
        // Channel-major: a channel's upsampled mask is made once for its samples and perturbed in one
        // reused buffer (a new input-size mask per masked input was samples × channels arrays of
        // garbage: 481 MB RSS at --max-memory 100M on SqueezeNet). Noise does not depend on order,
        // and each channel still sums its samples in order.
        float[]? upsampled = null;
        int upsampledChannel = -1;
        var mask = new float[plane];
        PerturbedInputs.Run(ctx.Model, ctx.Options, ctx.Input.Shape, samples * channels,
            (k, copy) =>
            {
                int channel = k / samples, sample = k % samples;
                if (channel != upsampledChannel) (upsampled, upsampledChannel) = (UpsampledMask(layer, b, channel, height, width), channel);
                upsampled!.CopyTo(mask, 0);
                perturb(sample, channel, mask);
                for (int ch = 0; ch < cIn; ch++)
                    System.Numerics.Tensors.TensorPrimitives.Multiply(image.AsSpan(ch * plane, plane), mask, copy.Slice(ch * plane, plane));
            },
            (k, outputs, row) => sums[k / samples] += ctx.Targets[b].Score(outputs, row) - baseline);
        var means = sums.Select(s => (float)(s / samples)).ToArray();
        var weights = new float[channels];
        System.Numerics.Tensors.TensorPrimitives.SoftMax(means, weights);
        return weights;
    }

    /// <summary>Channel c scaled to [0, 1] at the layer's size, then resized bilinearly (half-pixel) to the input.</summary>
    private static float[] UpsampledMask(CamLayer layer, int b, int c, int height, int width)
    {
        var a = layer.A(b, c).ToArray();
        float min = System.Numerics.Tensors.TensorPrimitives.Min(a);
        System.Numerics.Tensors.TensorPrimitives.Subtract(a, min, a);
        float denominator = System.Numerics.Tensors.TensorPrimitives.Max(a) + 1e-8f;
        System.Numerics.Tensors.TensorPrimitives.Divide(a, denominator, a);
        return MapMath.Resize(a, layer.Height, layer.Width, height, width);
    }
}
