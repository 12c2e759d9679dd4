using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using CamSharp.Tensors;

namespace CamSharp.Explain.Lrp;

/// <summary>Element-wise helpers the LRP rules share; every result is a new tensor the caller owns.</summary>
internal static class LrpMath
{
    /// <summary>max(t, 0).</summary>
    public static Tensor Positive(Tensor t)
    {
        var r = Tensor.Uninitialized(DataType.Float32, t.Shape);
        TensorPrimitives.Max(t.Floats, 0f, r.Floats);
        return r;
    }

    /// <summary>min(t, 0).</summary>
    public static Tensor Negative(Tensor t)
    {
        var r = Tensor.Uninitialized(DataType.Float32, t.Shape);
        TensorPrimitives.Min(t.Floats, 0f, r.Floats);
        return r;
    }

    /// <summary>a + k·b.</summary>
    public static Tensor AddScaled(Tensor a, Tensor b, float k)
    {
        var r = Tensor.Uninitialized(DataType.Float32, a.Shape);
        TensorPrimitives.MultiplyAdd(b.Floats, k, a.Floats, r.Floats);
        return r;
    }

    public static Tensor Ones(int[] shape)
    {
        var r = Tensor.Uninitialized(DataType.Float32, shape);
        r.Floats.Fill(1f);
        return r;
    }

    /// <summary>Adds b into a.</summary>
    public static void AddInto(Tensor a, Tensor b) => TensorPrimitives.Add(a.Floats, b.Floats, a.Floats);

    /// <summary>Zennit's stabilised division r / (z + ε·sign(z)), with sign(0) = +1.</summary>
    public static Tensor Divide(Tensor r, Tensor z, float epsilon)
    {
        var q = Tensor.Uninitialized(DataType.Float32, r.Shape);
        var rs = r.Floats;
        var zs = z.Floats;
        var d = q.Floats;
        for (int i = 0; i < d.Length; i++) d[i] = rs[i] / (zs[i] + (zs[i] < 0 ? -epsilon : epsilon));
        return q;
    }

    /// <summary>Σ_k a_k ⊙ b_k, element-wise products of pairs summed.</summary>
    public static Tensor SumOfProducts(params (Tensor A, Tensor B)[] pairs)
    {
        var r = Tensor.Zeros(pairs[0].A.Shape);
        foreach (var (a, b) in pairs) TensorPrimitives.MultiplyAdd(a.Floats, b.Floats, r.Floats, r.Floats);
        return r;
    }

    /// <summary>Keeps r where <paramref name="z"/> has the given sign, zero elsewhere.</summary>
    public static Tensor Where(Tensor r, Tensor z, bool positive)
    {
        var q = Tensor.Uninitialized(DataType.Float32, r.Shape);
        var rs = r.Floats;
        var zs = z.Floats;
        var d = q.Floats;
        for (int i = 0; i < d.Length; i++) d[i] = (positive ? zs[i] > 0 : zs[i] < 0) ? rs[i] : 0;
        return q;
    }
}
