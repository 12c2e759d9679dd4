using System.Numerics;
using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>y = x &lt; 0 ? x · slope : x over runs of int64 (shape arithmetic sizes: scalar loops).</summary>
public readonly struct PReluKernel<T> : IBinaryKernel<T, T> where T : unmanaged, INumber<T>
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> s, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = x[i] < T.Zero ? x[i] * s[i] : x[i];
    }

    public static void Apply(ReadOnlySpan<T> x, T s, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = x[i] < T.Zero ? x[i] * s : x[i];
    }

    public static void Apply(T x, ReadOnlySpan<T> s, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = x < T.Zero ? x * s[i] : x;
    }
}

/// <summary>y = x &lt; 0 ? x · slope : x over float runs: a vectorised multiply, then a select on x's sign.</summary>
public readonly struct FloatPReluKernel : IBinaryKernel<float, float>
{
    public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> s, Span<float> d)
    {
        TensorPrimitives.Multiply(x, s, d);
        Masked.SelectPositive(x, x, d, d);
    }

    public static void Apply(ReadOnlySpan<float> x, float s, Span<float> d)
    {
        TensorPrimitives.Multiply(x, s, d);
        Masked.SelectPositive(x, x, d, d);
    }

    public static void Apply(float x, ReadOnlySpan<float> s, Span<float> d)
    {
        if (x < 0) TensorPrimitives.Multiply(s, x, d);
        else d.Fill(x);
    }
}

/// <summary>
/// PRelu: y = x for x ≥ 0, slope · x otherwise, with slope broadcast against x (a per-channel
/// slope of shape [C, 1, 1] is the usual export). Float, and int64 from opset 16.
/// Gradients: dx = g · (x &gt; 0 ? 1 : slope), dslope = Σ g · min(x, 0) over the broadcast dims.
/// </summary>
public sealed class PRelu(Node node) : Operator(node)
{
    public override void Infer(InferContext ctx)
    {
        var type = Elementwise.SameType(this, ctx, 0, 2);
        Elementwise.RequireType(this, type, "input", DataType.Float32, DataType.Int64);
        ctx.SetOutput(0, type, Elementwise.BroadcastShape(this, ctx, 0, 2));
    }

    public override void Forward(ForwardContext ctx)
    {
        Tensor x = ctx.Input(0), slope = ctx.Input(1), y = ctx.Output(0);
        if (y.Type == DataType.Int64) Broadcasting.Apply<PReluKernel<long>, long, long>(x, slope, y);
        else Broadcasting.Apply<FloatPReluKernel, float, float>(x, slope, y);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.OutputGrad(0) is not { } g)
        {
            Elementwise.SetZeroGrads(ctx);
            return;
        }
        var x = ctx.Input(0);
        var xFull = ShapeUtil.Equal(x.Shape, g.Shape) ? x : Broadcasting.Expand(x, g.Shape);
        if (ctx.NeedsInputGrad(0))
        {
            var full = Tensor.Uninitialized(DataType.Float32, g.Shape);
            Broadcasting.Multiply(g, ctx.Input(1), full);
            Masked.SelectPositive(xFull.Floats, g.Floats, full.Floats, full.Floats);
            ctx.SetInputGrad(0, Elementwise.ReduceTo(full, x.Shape));
        }
        if (ctx.NeedsInputGrad(1))
        {
            var full = Tensor.Uninitialized(DataType.Float32, g.Shape);
            TensorPrimitives.Min(xFull.Floats, 0f, full.Floats);
            TensorPrimitives.Multiply(full.Floats, g.Floats, full.Floats);
            ctx.SetInputGrad(1, Elementwise.ReduceTo(full, ctx.InputInfo(1).Shape));
        }
        if (!ReferenceEquals(xFull, x)) xFull.Dispose();
    }
}
