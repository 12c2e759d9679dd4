using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Methods;

/// <summary>
/// Smooth Grad-CAM++ (Omeiza et al. 2019, arXiv:1908.01224), as torchcam's
/// <c>SmoothGradCAMpp</c>: N = 4 copies of the input with Gaussian noise (σ = 0.3) give the
/// mean squared and cubed gradients D², D³ at the layer; α = D² / (2D² + Σ_ij D³·A + 1e-8)
/// with A the clean activations; w_c = Σ_ij α · ReLU(G). As in torchcam, G and the activations
/// the weights multiply are those of the last noisy copy (its hooks keep the last pass).
/// </summary>
public sealed class SmoothGradCamPlusPlus(SmoothGradCamPlusPlusOptions? options = null) : CamMethod
{
    public SmoothGradCamPlusPlusOptions Options { get; } = options ?? new SmoothGradCamPlusPlusOptions();

    public override string Name => "smoothgradcam++";

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b)
    {
        if (Options.Samples < 1) throw new InputException($"SmoothGradCamPlusPlusOptions.Samples must be at least 1; got {Options.Samples}.");
        var captured = ctx.Pass.Value(layer.Value);
        if (layer.Levels is not null || !ShapeUtil.Equal(captured.Shape, layer.Activations.Shape))
            throw new InputException($"Smooth Grad-CAM++ re-runs the network on noisy inputs and needs the N×C×H×W value itself; '{layer.Value}' is [{ShapeUtil.Format(captured.Shape)}].");
        int channels = layer.Channels, pixels = layer.Pixels, size = channels * pixels;
        var noise = Options.Noise ?? GaussianNoise.Seeded(Options.Seed, Options.Std);
        var g2 = new float[size];
        var g3 = new float[size];
        var lastG = new float[size];
        var lastA = new float[size];
        var square = new float[size];
        for (int s = 0; s < Options.Samples; s++)
        {
            using var noisy = NoisyImage(ctx.Input, b, s, noise);
            using var pass = ctx.Model.Session.Run(noisy, new RunOptions { Taps = [layer.Value], GradientsFor = [layer.Value], Precise = ctx.Options.Precise });
            using var grads = pass.Backward([ctx.Targets[b]]);
            var g = grads[layer.Value].Floats;
            System.Numerics.Tensors.TensorPrimitives.Multiply(g, g, square);
            System.Numerics.Tensors.TensorPrimitives.Add(g2, square, g2);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(square, g, g3, g3);
            g.CopyTo(lastG);
            pass.Value(layer.Value).Floats.CopyTo(lastA);
        }
        System.Numerics.Tensors.TensorPrimitives.Divide(g2, Options.Samples, g2);
        System.Numerics.Tensors.TensorPrimitives.Divide(g3, Options.Samples, g3);

        var weights = new float[channels];
        for (int k = 0; k < channels; k++)
        {
            var a = layer.A(b, k);
            var d2 = g2.AsSpan(k * pixels, pixels);
            float cubic = System.Numerics.Tensors.TensorPrimitives.Dot(g3.AsSpan(k * pixels, pixels), a);
            double w = 0;
            for (int i = 0; i < pixels; i++)
                w += d2[i] / (2 * d2[i] + cubic + 1e-8f) * System.Math.Max(lastG[k * pixels + i], 0f);
            weights[k] = (float)w;
        }
        ctx.RecordWeights(layer, b, weights);
        var map = new float[pixels];
        for (int k = 0; k < channels; k++)
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(lastA.AsSpan(k * pixels, pixels), weights[k], map, map);
        return map;
    }

    /// <summary>Image <paramref name="b"/> of the input plus sample <paramref name="s"/>'s noise, as a batch of one.</summary>
    private static Tensor NoisyImage(Tensor input, int b, int s, NoiseFill noise)
    {
        var noisy = TensorRows.Row(input, b);
        int cIn = input.Shape[1], plane = input.Shape[2] * input.Shape[3];
        var buffer = new float[plane];
        for (int ch = 0; ch < cIn; ch++)
        {
            noise(s, ch, buffer);
            var dst = noisy.Floats.Slice(ch * plane, plane);
            System.Numerics.Tensors.TensorPrimitives.Add(dst, buffer, dst);
        }
        return noisy;
    }
}

/// <summary>Smooth Grad-CAM++'s parameters (torchcam's defaults).</summary>
public sealed record SmoothGradCamPlusPlusOptions
{
    /// <summary>Noisy copies of the input.</summary>
    public int Samples { get; init; } = 4;

    /// <summary>Standard deviation of the noise added to the (normalised) input.</summary>
    public double Std { get; init; } = 0.3;

    /// <summary>Seed of the default Gaussian noise.</summary>
    public int Seed { get; init; }

    /// <summary>Noise to use instead (sample, input channel, H×W plane).</summary>
    public NoiseFill? Noise { get; init; }
}
