namespace CamSharp.Explain.Methods;

/// <summary>
/// Random-CAM (pytorch-grad-cam): uniform random channel weights in [-1, 1), a baseline for
/// the faithfulness metrics. Seeded, so a run is reproducible.
/// </summary>
public sealed class RandomCam(int seed = 0) : CamMethod
{
    private readonly Random _random = new(seed);

    public override string Name => "randomcam";

    public override bool UsesGradients => false;

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b)
    {
        var w = new float[layer.Channels];
        for (int c = 0; c < w.Length; c++) w[c] = (float)(_random.NextDouble() * 2 - 1);
        return w;
    }
}
