namespace CamSharp.Explain.Methods;

/// <summary>
/// HiResCAM (Draelos &amp; Carin, 2020, arXiv:2011.08891): the element-wise product of
/// gradients and activations summed over channels, so the map is faithful to the score.
/// </summary>
public sealed class HiResCam : CamMethod
{
    public override string Name => "hirescam";

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b) => SumOrProject(ctx, layer, b, (a, g) => a * g);
}
