using System.Numerics;

namespace CamSharp.Ops;

/// <summary>
/// Per-element selections that TensorPrimitives lacks (it has no compare-and-select), for
/// piecewise activations and their gradients. <see cref="Vector{T}"/> lanes with a scalar
/// tail (the tail alone runs for spans shorter than one vector).
/// </summary>
internal static class Masked
{
    /// <summary>d = test &gt; 0 ? a : b. <paramref name="d"/> may alias any input.</summary>
    public static void SelectPositive(ReadOnlySpan<float> test, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> d)
    {
        int n = d.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
            for (int w = Vector<float>.Count; i <= n - w; i += w)
            {
                var mask = Vector.GreaterThan(new Vector<float>(test[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(mask, new Vector<float>(a[i..]), new Vector<float>(b[i..])).CopyTo(d[i..]);
            }
        for (; i < n; i++) d[i] = test[i] > 0 ? a[i] : b[i];
    }

    /// <summary>d = test &gt; 0 ? g : 0 (the ReLU gradient read from the output).</summary>
    public static void WherePositive(ReadOnlySpan<float> test, ReadOnlySpan<float> g, Span<float> d)
    {
        int n = d.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
            for (int w = Vector<float>.Count; i <= n - w; i += w)
            {
                var mask = Vector.GreaterThan(new Vector<float>(test[i..]), Vector<float>.Zero);
                Vector.ConditionalSelect(mask, new Vector<float>(g[i..]), Vector<float>.Zero).CopyTo(d[i..]);
            }
        for (; i < n; i++) d[i] = test[i] > 0 ? g[i] : 0f;
    }

    /// <summary>d = lo &lt; test &lt; hi ? g · scale : 0 (gradients of clamps, open interval as PyTorch's hardtanh).</summary>
    public static void WhereBetween(ReadOnlySpan<float> test, float lo, float hi, ReadOnlySpan<float> g, float scale, Span<float> d)
    {
        int n = d.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> vlo = new(lo), vhi = new(hi), vs = new(scale);
            for (int w = Vector<float>.Count; i <= n - w; i += w)
            {
                var t = new Vector<float>(test[i..]);
                var mask = Vector.GreaterThan(t, vlo) & Vector.LessThan(t, vhi);
                Vector.ConditionalSelect(mask, new Vector<float>(g[i..]) * vs, Vector<float>.Zero).CopyTo(d[i..]);
            }
        }
        for (; i < n; i++) d[i] = test[i] > lo && test[i] < hi ? g[i] * scale : 0f;
    }

    /// <summary>d = g · sign(x), with sign(0) = 0 (the Abs gradient, as PyTorch).</summary>
    public static void MultiplySign(ReadOnlySpan<float> x, ReadOnlySpan<float> g, Span<float> d)
    {
        int n = d.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
            for (int w = Vector<float>.Count; i <= n - w; i += w)
            {
                var t = new Vector<float>(x[i..]);
                var gv = new Vector<float>(g[i..]);
                var neg = Vector.ConditionalSelect(Vector.LessThan(t, Vector<float>.Zero), -gv, Vector<float>.Zero);
                Vector.ConditionalSelect(Vector.GreaterThan(t, Vector<float>.Zero), gv, neg).CopyTo(d[i..]);
            }
        for (; i < n; i++) d[i] = x[i] > 0 ? g[i] : x[i] < 0 ? -g[i] : 0f;
    }
}
