namespace CamSharp.Explain.Methods;

/// <summary>
/// IS-CAM (Naidu et al. 2020, arXiv:2010.03023), as torchcam's <c>ISCAM</c>: Score-CAM whose
/// masked input is scaled by a running sum of i / N for samples i = 1 … N (N = 10) — torchcam's
/// coefficient is cumulative, so it grows to (N + 1) / 2 — and whose weights are the softmax of
/// the mean score gain (<see cref="SmoothedScoreWeights"/>). Deterministic.
/// </summary>
public sealed class IsCam(int samples = 10) : CamMethod
{
    /// <summary>Integration steps.</summary>
    public int Samples { get; } = samples >= 1 ? samples : throw new ArgumentOutOfRangeException(nameof(samples), $"IS-CAM needs at least 1 sample; got {samples}.");

    public override string Name => "iscam";

    public override bool UsesGradients => false;

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b) =>
        SmoothedScoreWeights.Compute(ctx, layer, b, Samples, (sample, _, mask) =>
            System.Numerics.Tensors.TensorPrimitives.Multiply(mask, Coefficient(sample), mask));

    /// <summary>Σ_{j=1..sample+1} j / N, torchcam's accumulated coefficient.</summary>
    private float Coefficient(int sample)
    {
        double sum = 0;
        for (int j = 1; j <= sample + 1; j++) sum += (double)j / Samples;
        return (float)sum;
    }
}
