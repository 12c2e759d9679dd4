namespace CamSharp.Explain.Methods;

/// <summary>
/// Feature Explanation Method (Fuad et al., IPTA 2020): a channel's weight is the fraction of
/// its pixels above mean + k·std (population std, k = 2); map = Σ_c w_c A_c. No gradients.
/// </summary>
public sealed class Fem(double k = 2) : CamMethod
{
    public override string Name => "fem";

    public override bool UsesGradients => false;

    public double K { get; } = k;

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b)
    {
        var w = new float[layer.Channels];
        for (int c = 0; c < w.Length; c++)
        {
            var a = layer.A(b, c);
            double mean = 0;
            foreach (float v in a) mean += v;
            mean /= a.Length;
            double variance = 0;
            foreach (float v in a) variance += (v - mean) * (v - mean);
            double threshold = mean + K * System.Math.Sqrt(variance / a.Length);
            int above = 0;
            foreach (float v in a) if (v > threshold) above++;
            w[c] = (float)above / a.Length;
        }
        return w;
    }
}
