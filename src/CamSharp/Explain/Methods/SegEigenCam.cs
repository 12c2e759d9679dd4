using CamSharp.Explain.Math;

namespace CamSharp.Explain.Methods;

/// <summary>
/// Seg-Eigen-CAM (Chung &amp; Ying, Applied Sciences 15(13), 2025): the first principal
/// component of gradients × activations, its sign always chosen so that the largest
/// magnitude is positive — the rule <see cref="CamOptions.FixSign"/> applies to the other
/// Eigen methods by default.
/// </summary>
public sealed class SegEigenCam : CamMethod
{
    public override string Name => "segeigencam";

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b)
    {
        int c = layer.Channels, p = layer.Pixels;
        var values = new float[c * p];
        for (int k = 0; k < c; k++)
        {
            var a = layer.A(b, k);
            var g = layer.G(b, k);
            for (int i = 0; i < p; i++) values[k * p + i] = a[i] * g[i];
        }
        return Projection.FirstComponent(values, c, p, fixSign: true);
    }
}
