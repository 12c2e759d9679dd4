namespace CamSharp.Explain.Methods;

/// <summary>
/// Grad-CAM element-wise (pytorch-grad-cam): like HiResCAM, but each product passes a ReLU
/// before the channel sum.
/// </summary>
public sealed class GradCamElementWise : CamMethod
{
    public override string Name => "gradcamelementwise";

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b) => SumOrProject(ctx, layer, b, (a, g) => System.Math.Max(a * g, 0f));
}
