namespace CamSharp.Explain.Methods;

/// <summary>Eigen-Grad-CAM (pytorch-grad-cam): the first principal component of gradients × activations.</summary>
public sealed class EigenGradCam : CamMethod
{
    public override string Name => "eigengradcam";

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b) =>
        SumOrProject(ctx, layer, b, (a, g) => a * g, project: true);
}
