using CamSharp.Engine;

namespace CamSharp.Explain.Methods;

/// <summary>
/// SS-CAM (Wang et al. 2020, arXiv:2006.14255), as torchcam's <c>SSCAM</c>: Score-CAM whose
/// masks get Gaussian noise (σ = 2 on the [0, 1] mask) over 35 samples; the weights are the
/// softmax of the mean score gain (<see cref="SmoothedScoreWeights"/>). Runs samples × channels
/// masked images.
/// </summary>
public sealed class SsCam(SsCamOptions? options = null) : CamMethod
{
    public SsCamOptions Options { get; } = options ?? new SsCamOptions();

    public override string Name => "sscam";

    public override bool UsesGradients => false;

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b)
    {
        if (Options.Samples < 1) throw new InputException($"SsCamOptions.Samples must be at least 1; got {Options.Samples}.");
        var noise = Options.Noise ?? GaussianNoise.Seeded(Options.Seed, Options.Std);
        var buffer = new float[ctx.Input.Shape[2] * ctx.Input.Shape[3]];
        return SmoothedScoreWeights.Compute(ctx, layer, b, Options.Samples, (sample, channel, mask) =>
        {
            noise(sample, channel, buffer);
            System.Numerics.Tensors.TensorPrimitives.Add(mask, buffer, mask);
        });
    }
}

/// <summary>SS-CAM's parameters (torchcam's defaults).</summary>
public sealed record SsCamOptions
{
    /// <summary>Noisy samples per channel.</summary>
    public int Samples { get; init; } = 35;

    /// <summary>Standard deviation of the noise added to the [0, 1] mask.</summary>
    public double Std { get; init; } = 2.0;

    /// <summary>Seed of the default Gaussian noise.</summary>
    public int Seed { get; init; }

    /// <summary>Noise to use instead (sample, channel, H×W plane), e.g. another implementation's draws.</summary>
    public NoiseFill? Noise { get; init; }
}
