using CamSharp.Tensors;

namespace CamSharp.Explain.Lrp;

/// <summary>
/// LRP-ε (Bach et al., 2015, doi:10.1371/journal.pone.0130140): R_in = x ⊙ fᵀ(W; R / (z + ε·sign z)),
/// z = f(x; W, b). ε = 0 is LRP-0. Zennit's <c>Epsilon(epsilon=1e-6)</c>.
/// </summary>
public sealed class EpsilonRule(float epsilon = 1e-6f) : LrpRule
{
    public float Epsilon { get; } = epsilon;

    internal override Tensor Relevance(LinearLayer layer, Tensor relevance)
    {
        using var z = layer.Forward(layer.X, layer.Weight, Bias(layer));
        using var s = LrpMath.Divide(relevance, z, Epsilon);
        using var c = layer.Transpose(layer.Weight, s);
        return LrpMath.SumOfProducts((layer.X, c));
    }
}
