namespace CamSharp.Explain.Methods;

/// <summary>
/// XGrad-CAM (Fu et al., 2020, arXiv:2008.02312): w_c = Σ_hw G·A / (Σ_hw A + 1e-7).
/// </summary>
public sealed class XGradCam : CamMethod
{
    public override string Name => "xgradcam";

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b)
    {
        var w = new float[layer.Channels];
        for (int c = 0; c < w.Length; c++)
        {
            var a = layer.A(b, c);
            float sumA = System.Numerics.Tensors.TensorPrimitives.Sum(a);
            w[c] = System.Numerics.Tensors.TensorPrimitives.Dot(layer.G(b, c), a) / (sumA + 1e-7f);
        }
        return w;
    }
}
