using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Lrp;

/// <summary>
/// LRP z^B (Montavon et al., 2017, arXiv:1512.02479) as Zennit's <c>ZBox</c>, for the first layer
/// of inputs bounded by l ≤ x ≤ h: z = f(x; W) − f(l; W⁺) − f(h; W⁻),
/// R_in = x ⊙ fᵀ(W; s) − l ⊙ fᵀ(W⁺; s) − h ⊙ fᵀ(W⁻; s). Bounds are per input channel (the
/// normalised values of 0 and 1 for an image), or one value for all; with none given
/// (<see cref="FromInputRange"/>) they are each channel's minimum and maximum in the input.
/// </summary>
public sealed class ZBoxRule : LrpRule
{
    public ZBoxRule(IReadOnlyList<float> low, IReadOnlyList<float> high, float stabilizer = 1e-6f)
    {
        if (low.Count != high.Count)
            throw new InputException($"ZBox needs as many lower as upper bounds (one per channel, or one); got {low.Count} and {high.Count}.");
        Low = low;
        High = high;
        Stabilizer = stabilizer;
    }

    /// <summary>Bounds taken from the input itself: each channel's minimum and maximum over the batch.</summary>
    public static ZBoxRule FromInputRange(float stabilizer = 1e-6f) => new([], [], stabilizer);

    public IReadOnlyList<float> Low { get; }

    public IReadOnlyList<float> High { get; }

    public float Stabilizer { get; }

    internal override Tensor Relevance(LinearLayer layer, Tensor relevance)
    {
        using var l = Bound(layer.X, Low.Count > 0 ? Low : ChannelRange(layer.X, max: false));
        using var h = Bound(layer.X, High.Count > 0 ? High : ChannelRange(layer.X, max: true));
        using var wp = LrpMath.Positive(layer.Weight);
        using var wn = LrpMath.Negative(layer.Weight);
        // The biases cancel: b − b⁺ − b⁻ = 0.
        using var z = layer.Forward(layer.X, layer.Weight, null);
        using (var t = layer.Forward(l, wp, null)) System.Numerics.Tensors.TensorPrimitives.Subtract(z.Floats, t.Floats, z.Floats);
        using (var t = layer.Forward(h, wn, null)) System.Numerics.Tensors.TensorPrimitives.Subtract(z.Floats, t.Floats, z.Floats);
        using var s = LrpMath.Divide(relevance, z, Stabilizer);
        var r = LrpMath.SumOfProducts((layer.X, layer.Transpose(layer.Weight, s)));
        using var rl = LrpMath.SumOfProducts((l, layer.Transpose(wp, s)), (h, layer.Transpose(wn, s)));
        System.Numerics.Tensors.TensorPrimitives.Subtract(r.Floats, rl.Floats, r.Floats);
        return r;
    }

    /// <summary>Each channel's minimum (or maximum) over the batch and positions.</summary>
    private static float[] ChannelRange(Tensor x, bool max)
    {
        int n = x.Shape[0], c = x.Rank > 1 ? x.Shape[1] : 1, inner = x.Length / System.Math.Max(1, n * c);
        var r = new float[c];
        for (int k = 0; k < c; k++)
        {
            float v = max ? float.NegativeInfinity : float.PositiveInfinity;
            for (int b = 0; b < n; b++)
            {
                var span = x.Floats.Slice((b * c + k) * inner, inner);
                v = max ? System.Math.Max(v, System.Numerics.Tensors.TensorPrimitives.Max(span)) : System.Math.Min(v, System.Numerics.Tensors.TensorPrimitives.Min(span));
            }
            r[k] = v;
        }
        return r;
    }

    /// <summary>The bound as a tensor shaped like x (N×C×…), per channel or one value.</summary>
    private static Tensor Bound(Tensor x, IReadOnlyList<float> values)
    {
        int c = x.Rank > 1 ? x.Shape[1] : 1;
        if (values.Count != 1 && values.Count != c)
            throw new InputException($"ZBox bounds have {values.Count} values; the first layer's input has {c} channels.");
        var t = Tensor.Uninitialized(DataType.Float32, x.Shape);
        int inner = x.Length / System.Math.Max(1, x.Shape[0] * c);
        var d = t.Floats;
        for (int i = 0; i < d.Length; i++) d[i] = values.Count == 1 ? values[0] : values[i / inner % c];
        return t;
    }
}
