namespace CamSharp.Explain.Methods;

/// <summary>
/// RefineCAM (pytorch-grad-cam main, <c>refine_cam.py</c>; arXiv:2605.14641): a base method
/// (Grad-CAM++ by default) runs on each target layer alone, and the layers' final maps are
/// multiplied instead of averaged, so an early layer's detail survives only where the deeper
/// layers agree; the product is min–max scaled. Each layer's map is scaled again first, as the
/// base method's own single-layer result is.
/// </summary>
public sealed class RefineCam(CamMethod? baseMethod = null) : CamMethod, ICombinesLayers
{
    /// <summary>The method run on each layer.</summary>
    public CamMethod Base { get; } = baseMethod is RefineCam
        ? throw new ArgumentException("RefineCAM cannot refine itself.", nameof(baseMethod))
        : baseMethod ?? new GradCamPlusPlus();

    public override string Name => "refinecam";

    public override bool UsesGradients => Base.UsesGradients;

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b) => Base.LayerMap(ctx, layer, b);

    public float[] Combine(IReadOnlyList<float[]> layerMaps)
    {
        var product = new float[layerMaps[0].Length];
        Array.Fill(product, 1f);
        foreach (var map in layerMaps)
        {
            var scaled = (float[])map.Clone();
            MapMath.MinMax(scaled);
            System.Numerics.Tensors.TensorPrimitives.Multiply(product, scaled, product);
        }
        MapMath.MinMax(product);
        return product;
    }
}

/// <summary>
/// Methods that combine the per-layer maps (each in [0, 1] at the input size) their own way
/// instead of the pipeline's mean (RefineCAM's product).
/// </summary>
public interface ICombinesLayers
{
    float[] Combine(IReadOnlyList<float[]> layerMaps);
}
