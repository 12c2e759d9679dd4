namespace CamSharp.Explain.Methods;

/// <summary>
/// Grad-CAM++ (Chattopadhyay et al., 2018, arXiv:1710.11063): per pixel
/// α = G² / (2G² + (Σ_hw A)·G³ + 1e-6), zero where G = 0; w_c = Σ_hw max(G, 0)·α.
/// </summary>
public sealed class GradCamPlusPlus : CamMethod
{
    public override string Name => "gradcam++";

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b)
    {
        var w = new float[layer.Channels];
        for (int c = 0; c < w.Length; c++)
        {
            var a = layer.A(b, c);
            var g = layer.G(b, c);
            float sumA = System.Numerics.Tensors.TensorPrimitives.Sum(a);
            double weight = 0;
            for (int i = 0; i < g.Length; i++)
            {
                if (g[i] == 0) continue;
                float g2 = g[i] * g[i], g3 = g2 * g[i];
                float alpha = g2 / (2 * g2 + sumA * g3 + 1e-6f);
                weight += System.Math.Max(g[i], 0f) * alpha;
            }
            w[c] = (float)weight;
        }
        return w;
    }
}
