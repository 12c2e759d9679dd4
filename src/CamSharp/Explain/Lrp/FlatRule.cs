using CamSharp.Tensors;

namespace CamSharp.Explain.Lrp;

/// <summary>
/// LRP flat (Lapuschkin et al., 2019, arXiv:1902.10178) as Zennit's <c>Flat</c>: relevance spread
/// evenly over each output's receptive field, ignoring inputs and weights (all taken as 1, no bias).
/// </summary>
public sealed class FlatRule(float stabilizer = 1e-6f) : LrpRule
{
    public float Stabilizer { get; } = stabilizer;

    internal override Tensor Relevance(LinearLayer layer, Tensor relevance)
    {
        using var ones = LrpMath.Ones(layer.X.Shape);
        using var w = LrpMath.Ones(layer.Weight.Shape);
        using var z = layer.Forward(ones, w, null);
        using var s = LrpMath.Divide(relevance, z, Stabilizer);
        return layer.Transpose(w, s);
    }
}
