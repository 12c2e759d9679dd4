namespace CamSharp.Explain.Methods;

/// <summary>
/// LayerCAM (Jiang et al., 2021, IEEE TIP 30): activations weighted element-wise by the
/// positive part of their gradients, summed over channels.
/// </summary>
public sealed class LayerCam : CamMethod
{
    public override string Name => "layercam";

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b) => SumOrProject(ctx, layer, b, (a, g) => System.Math.Max(g, 0f) * a);
}
