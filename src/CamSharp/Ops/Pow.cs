using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// Pow: y = aᵇ with broadcasting; the output has the base's type, the exponent may be
/// float or int64 (opset 12+). Gradients as PyTorch: d/da = g·b·aᵇ⁻¹ (0 where b = 0),
/// d/db = g·y·ln a (0 where a = 0 and b ≥ 0).
/// </summary>
internal sealed class Pow(Node node) : Operator(node)
{
    public override void Infer(InferContext ctx)
    {
        var a = ctx.Input(0);
        Elementwise.RequireType(this, a.Type, "base", DataType.Float32, DataType.Int64);
        Elementwise.RequireType(this, ctx.Input(1).Type, "exponent", DataType.Float32, DataType.Int64);
        ctx.SetOutput(0, a.Type, Elementwise.BroadcastShape(this, ctx, 0, 2));
    }

    public override void Forward(ForwardContext ctx)
    {
        Tensor a = ctx.Input(0), b = ctx.Input(1), y = ctx.Output(0);
        if (a.Type == DataType.Int64 && b.Type == DataType.Int64)
        {
            Broadcasting.Apply<IntPowKernel, long, long>(a, b, y);
            return;
        }
        using var fa = a.Type == DataType.Float32 ? null : ToFloat(a);
        using var fb = b.Type == DataType.Float32 ? null : ToFloat(b);
        if (y.Type == DataType.Float32)
        {
            Broadcasting.Apply<PowKernel, float, float>(fa ?? a, fb ?? b, y);
            return;
        }
        using var fy = Tensor.Uninitialized(DataType.Float32, y.Shape);
        Broadcasting.Apply<PowKernel, float, float>(fa ?? a, fb ?? b, fy);
        TensorPrimitives.ConvertTruncating<float, long>(fy.Floats, y.Longs);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.OutputGrad(0) is not { } g)
        {
            Elementwise.SetZeroGrads(ctx);
            return;
        }
        Tensor a = ctx.Input(0), b = ctx.Input(1);
        using var fb = b.Type == DataType.Float32 ? null : ToFloat(b);
        var exponent = fb ?? b;
        if (ctx.NeedsInputGrad(0)) ctx.SetInputGrad(0, BaseGradient(a, exponent, g));
        if (ctx.NeedsInputGrad(1)) ctx.SetInputGrad(1, ExponentGradient(a, exponent, g));
    }

    private static Tensor BaseGradient(Tensor a, Tensor b, Tensor g)
    {
        var full = Tensor.Uninitialized(DataType.Float32, g.Shape);
        using (var bMinus1 = Tensor.Uninitialized(DataType.Float32, b.Shape))
        {
            TensorPrimitives.Subtract(b.Floats, 1f, bMinus1.Floats);
            Broadcasting.Apply<PowKernel, float, float>(a, bMinus1, full);
        }
        Broadcasting.Multiply(full, b, full);
        Broadcasting.Multiply(full, g, full);
        if (b.Floats.Contains(0f)) ZeroWhere(full, a, b, static (_, bv) => bv == 0f); // 0·a⁻¹ is NaN at a = 0
        return Elementwise.ReduceTo(full, a.Shape);
    }

    private static Tensor ExponentGradient(Tensor a, Tensor b, Tensor g)
    {
        var full = Tensor.Uninitialized(DataType.Float32, g.Shape);
        Broadcasting.Apply<PowKernel, float, float>(a, b, full);
        using (var logA = Tensor.Uninitialized(DataType.Float32, a.Shape))
        {
            TensorPrimitives.Log(a.Floats, logA.Floats);
            Broadcasting.Multiply(full, logA, full);
        }
        Broadcasting.Multiply(full, g, full);
        if (a.Floats.Contains(0f)) ZeroWhere(full, a, b, static (av, bv) => av == 0f && bv >= 0f); // 0ᵇ·ln 0
        return Elementwise.ReduceTo(full, b.Shape);
    }

    /// <summary>Sets full[i] = 0 where the predicate holds for the broadcast (a, b) at i.</summary>
    private static void ZeroWhere(Tensor full, Tensor a, Tensor b, Func<float, float, bool> predicate)
    {
        var plan = BroadcastPlan.Create(full.Shape, a.Shape, b.Shape);
        int sa = plan.InnerContiguous(0) ? 1 : 0, sb = plan.InnerContiguous(1) ? 1 : 0;
        plan.ForEachRun((pos, len, off) =>
        {
            ReadOnlySpan<float> av = a.Floats, bv = b.Floats;
            var f = full.Floats.Slice(pos, len);
            for (int k = 0; k < len; k++)
                if (predicate(av[off[0] + k * sa], bv[off[1] + k * sb])) f[k] = 0f;
        });
    }

    private static Tensor ToFloat(Tensor t)
    {
        var r = Tensor.Uninitialized(DataType.Float32, t.Shape);
        TensorPrimitives.ConvertTruncating<long, float>(t.Longs, r.Floats);
        return r;
    }
}

/// <summary>Integer power by repeated squaring; negative exponents go through Math.Pow and truncate.</summary>
internal readonly struct IntPowKernel : IBinaryKernel<long, long>
{
    public static void Apply(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = Power(x[i], y[i]);
    }

    public static void Apply(ReadOnlySpan<long> x, long y, Span<long> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = Power(x[i], y);
    }

    public static void Apply(long x, ReadOnlySpan<long> y, Span<long> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = Power(x, y[i]);
    }

    private static long Power(long x, long e)
    {
        if (e < 0) return (long)Math.Pow(x, e);
        long r = 1;
        unchecked
        {
            while (e > 0)
            {
                if ((e & 1) != 0) r *= x;
                x *= x;
                e >>= 1;
            }
        }
        return r;
    }
}
