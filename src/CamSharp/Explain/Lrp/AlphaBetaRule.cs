using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Lrp;

/// <summary>
/// LRP αβ (Bach et al., 2015) as Zennit's <c>AlphaBeta</c>: α times the positive contributions'
/// share minus β times the negative ones', α − β = 1 (default α = 2, β = 1).
/// </summary>
public sealed class AlphaBetaRule : LrpRule
{
    public AlphaBetaRule(float alpha = 2f, float beta = 1f, float stabilizer = 1e-6f)
    {
        if (alpha < 0 || beta < 0) throw new InputException($"LRP alpha and beta must be ≥ 0; got α = {alpha}, β = {beta}.");
        if (alpha - beta != 1) throw new InputException($"LRP alpha − beta must be 1; got α = {alpha}, β = {beta}.");
        Alpha = alpha;
        Beta = beta;
        Stabilizer = stabilizer;
    }

    public float Alpha { get; }

    public float Beta { get; }

    public float Stabilizer { get; }

    internal override Tensor Relevance(LinearLayer layer, Tensor relevance)
    {
        using var xp = LrpMath.Positive(layer.X);
        using var xn = LrpMath.Negative(layer.X);
        using var wp = LrpMath.Positive(layer.Weight);
        using var wn = LrpMath.Negative(layer.Weight);
        var b = Bias(layer);
        using var bp = b is null ? null : LrpMath.Positive(b);
        using var bn = b is null ? null : LrpMath.Negative(b);
        using var zp = layer.Forward(xp, wp, bp);
        using (var t = layer.Forward(xn, wn, null)) LrpMath.AddInto(zp, t);
        using var zn = layer.Forward(xp, wn, bn);
        using (var t = layer.Forward(xn, wp, null)) LrpMath.AddInto(zn, t);
        using var sp = LrpMath.Divide(relevance, zp, Stabilizer);
        using var sn = LrpMath.Divide(relevance, zn, Stabilizer);
        using var positive = LrpMath.SumOfProducts((xp, layer.Transpose(wp, sp)), (xn, layer.Transpose(wn, sp)));
        using var negative = LrpMath.SumOfProducts((xp, layer.Transpose(wn, sn)), (xn, layer.Transpose(wp, sn)));
        var r = Tensor.Uninitialized(DataType.Float32, layer.X.Shape);
        System.Numerics.Tensors.TensorPrimitives.Multiply(positive.Floats, Alpha, r.Floats);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(negative.Floats, -Beta, r.Floats, r.Floats);
        return r;
    }
}
