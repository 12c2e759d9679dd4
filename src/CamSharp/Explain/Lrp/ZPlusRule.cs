using CamSharp.Tensors;

namespace CamSharp.Explain.Lrp;

/// <summary>
/// LRP z⁺ (Bach et al., 2015; Montavon et al., 2017, arXiv:1512.02479) as Zennit's <c>ZPlus</c>:
/// only positive contributions, z = f(x⁺; W⁺, b⁺) + f(x⁻; W⁻), R_in = x⁺ ⊙ fᵀ(W⁺; s) + x⁻ ⊙ fᵀ(W⁻; s),
/// s = R / (z + ε·sign z), ε = 1e-6.
/// </summary>
public sealed class ZPlusRule(float stabilizer = 1e-6f) : LrpRule
{
    public float Stabilizer { get; } = stabilizer;

    internal override Tensor Relevance(LinearLayer layer, Tensor relevance)
    {
        using var xp = LrpMath.Positive(layer.X);
        using var xn = LrpMath.Negative(layer.X);
        using var wp = LrpMath.Positive(layer.Weight);
        using var wn = LrpMath.Negative(layer.Weight);
        using var bp = Bias(layer) is { } b ? LrpMath.Positive(b) : null;
        using var z = layer.Forward(xp, wp, bp);
        using (var zn = layer.Forward(xn, wn, null)) LrpMath.AddInto(z, zn);
        using var s = LrpMath.Divide(relevance, z, Stabilizer);
        using var cp = layer.Transpose(wp, s);
        using var cn = layer.Transpose(wn, s);
        return LrpMath.SumOfProducts((xp, cp), (xn, cn));
    }
}
