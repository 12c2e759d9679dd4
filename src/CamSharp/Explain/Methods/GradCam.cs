namespace CamSharp.Explain.Methods;

/// <summary>
/// Grad-CAM (Selvaraju et al., 2017, arXiv:1610.02391): channel weights are the spatial
/// mean of the gradients.
/// </summary>
public sealed class GradCam : CamMethod
{
    public override string Name => "gradcam";

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b)
    {
        var w = new float[layer.Channels];
        for (int c = 0; c < w.Length; c++) w[c] = System.Numerics.Tensors.TensorPrimitives.Sum(layer.G(b, c)) / layer.Pixels;
        return w;
    }
}
