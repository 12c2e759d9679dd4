using CamSharp.Explain.Math;

namespace CamSharp.Explain.Methods;

/// <summary>
/// Eigen-CAM (Muhammad &amp; Yeasin, 2020, arXiv:2008.00299): the activations' first
/// principal component, no gradients. Its sign is fixed by default (see <see cref="CamOptions.FixSign"/>).
/// </summary>
public sealed class EigenCam : CamMethod
{
    public override string Name => "eigencam";

    public override bool UsesGradients => false;

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b) =>
        Projection.FirstComponent(layer.Activations.Floats.Slice(b * layer.Channels * layer.Pixels, layer.Channels * layer.Pixels), layer.Channels, layer.Pixels, ctx.Options.FixSign);
}
