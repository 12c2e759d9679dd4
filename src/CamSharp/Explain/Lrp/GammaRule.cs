using CamSharp.Tensors;

namespace CamSharp.Explain.Lrp;

/// <summary>
/// The generalised LRP-γ rule (Montavon et al., 2019, doi:10.1007/978-3-030-28954-6_10;
/// Andéol et al., 2021) as Zennit's <c>Gamma(gamma=0.25)</c>: weights W + γW⁺ favour positive
/// contributions where the output is positive, W + γW⁻ where it is negative.
/// </summary>
public sealed class GammaRule(float gamma = 0.25f, float stabilizer = 1e-6f) : LrpRule
{
    public float Gamma { get; } = gamma;

    public float Stabilizer { get; } = stabilizer;

    internal override Tensor Relevance(LinearLayer layer, Tensor relevance)
    {
        using var xp = LrpMath.Positive(layer.X);
        using var xn = LrpMath.Negative(layer.X);
        using var wPos = LrpMath.Positive(layer.Weight);
        using var wNeg = LrpMath.Negative(layer.Weight);
        using var wp = LrpMath.AddScaled(layer.Weight, wPos, Gamma);
        using var wn = LrpMath.AddScaled(layer.Weight, wNeg, Gamma);
        var b = Bias(layer);
        using var bPos = b is null ? null : LrpMath.Positive(b);
        using var bNeg = b is null ? null : LrpMath.Negative(b);
        using var bp = b is null ? null : LrpMath.AddScaled(b, bPos!, Gamma);
        using var bn = b is null ? null : LrpMath.AddScaled(b, bNeg!, Gamma);
        // The sign of the layer's own output picks the positive or the negative share (Zennit's
        // fifth, unmodified term, which keeps the bias).
        using var z = layer.Forward(layer.X, layer.Weight, layer.Bias);
        using var zp = layer.Forward(xp, wp, bp);
        using (var t = layer.Forward(xn, wn, null)) LrpMath.AddInto(zp, t);
        using var zn = layer.Forward(xp, wn, bn);
        using (var t = layer.Forward(xn, wp, null)) LrpMath.AddInto(zn, t);
        using var rp = LrpMath.Where(relevance, z, positive: true);
        using var rn = LrpMath.Where(relevance, z, positive: false);
        using var sp = LrpMath.Divide(rp, zp, Stabilizer);
        using var sn = LrpMath.Divide(rn, zn, Stabilizer);
        return LrpMath.SumOfProducts(
            (xp, layer.Transpose(wp, sp)), (xn, layer.Transpose(wn, sp)),
            (xp, layer.Transpose(wn, sn)), (xn, layer.Transpose(wp, sn)));
    }
}
