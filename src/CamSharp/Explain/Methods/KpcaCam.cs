using CamSharp.Explain.Math;

namespace CamSharp.Explain.Methods;

/// <summary>
/// KPCA-CAM (Karmani et al., 2024, arXiv:2410.00267): like Eigen-CAM, but the principal
/// component is taken in a sigmoid kernel's feature space. No gradients.
/// </summary>
public sealed class KpcaCam : CamMethod
{
    public override string Name => "kpcacam";

    public override bool UsesGradients => false;

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b) =>
        KernelProjection.SigmoidFirstComponent(layer.Activations.Floats.Slice(b * layer.Channels * layer.Pixels, layer.Channels * layer.Pixels), layer.Channels, layer.Pixels);
}
