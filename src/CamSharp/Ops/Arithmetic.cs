using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// A binary arithmetic operator over float or int64 with NumPy broadcasting. Gradients of
/// broadcast inputs are summed back to their shapes; only requested gradients are computed
/// (a Mul by a weight constant never forms the weight's gradient).
/// </summary>
internal abstract class BinaryArithmetic(Node node) : Operator(node)
{
    public override void Infer(InferContext ctx)
    {
        var type = Elementwise.SameType(this, ctx, 0, 2);
        Elementwise.RequireType(this, type, "input", DataType.Float32, DataType.Int64);
        ctx.SetOutput(0, type, Elementwise.BroadcastShape(this, ctx, 0, 2));
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.OutputGrad(0) is not { } g)
        {
            Elementwise.SetZeroGrads(ctx);
            return;
        }
        for (int i = 0; i < 2; i++)
            if (ctx.NeedsInputGrad(i)) ctx.SetInputGrad(i, Gradient(ctx, i, g));
    }

    /// <summary>The gradient of input <paramref name="input"/> (0 or 1), of that input's shape.</summary>
    protected abstract Tensor Gradient(BackwardContext ctx, int input, Tensor g);

    /// <summary>A float temporary of the gradient's (= the output's) shape.</summary>
    protected static Tensor Full(Tensor g) => Tensor.Uninitialized(DataType.Float32, g.Shape);
}

/// <summary>
/// Add: both gradients are g summed to the input's shape; nothing is kept. A Relu or Clip
/// after it (a residual block's) is fused: on equal shapes each chunk is summed and clamped
/// while it is in cache, one pass over memory instead of two.
/// </summary>
internal sealed class Add(Node node) : BinaryArithmetic(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override bool FusesActivation => true;

    public override void Forward(ForwardContext ctx)
    {
        Tensor a = ctx.Input(0), b = ctx.Input(1), y = ctx.Output(0);
        var activation = ctx.Activation;
        if (activation.IsNone || y.Type != DataType.Float32)
        {
            Broadcasting.Add(a, b, y);
            return;
        }
        if (a.Shape.AsSpan().SequenceEqual(b.Shape))
        {
            ParallelChunks.For(y.Length, (start, count) =>
            {
                var d = y.Floats.Slice(start, count);
                TensorPrimitives.Add(a.Floats.Slice(start, count), b.Floats.Slice(start, count), d);
                activation.Apply(d);
            });
            return;
        }
        Broadcasting.Add(a, b, y);
        activation.Apply(y.Floats);
    }

    protected override Tensor Gradient(BackwardContext ctx, int input, Tensor g) =>
        Broadcasting.SumTo(g, ctx.InputInfo(input).Shape);
}

/// <summary>Sub: gradients g and −g summed to the inputs' shapes; nothing is kept.</summary>
internal sealed class Sub(Node node) : BinaryArithmetic(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Forward(ForwardContext ctx) => Broadcasting.Subtract(ctx.Input(0), ctx.Input(1), ctx.Output(0));

    protected override Tensor Gradient(BackwardContext ctx, int input, Tensor g)
    {
        var r = Broadcasting.SumTo(g, ctx.InputInfo(input).Shape);
        if (input == 1) TensorPrimitives.Negate(r.Floats, r.Floats);
        return r;
    }
}

/// <summary>Mul: d/da = g·b, d/db = g·a.</summary>
internal sealed class Mul(Node node) : BinaryArithmetic(node)
{
    public override void Forward(ForwardContext ctx) => Broadcasting.Multiply(ctx.Input(0), ctx.Input(1), ctx.Output(0));

    protected override Tensor Gradient(BackwardContext ctx, int input, Tensor g)
    {
        var full = Full(g);
        Broadcasting.Multiply(g, ctx.Input(1 - input), full);
        return Elementwise.ReduceTo(full, ctx.InputInfo(input).Shape);
    }
}

/// <summary>Div: d/da = g/b, d/db = −g·a/b². Integer division truncates toward zero; an integer zero divisor is an error.</summary>
internal sealed class Div(Node node) : BinaryArithmetic(node)
{
    public override void Forward(ForwardContext ctx)
    {
        var b = ctx.Input(1);
        if (b.Type == DataType.Int64 && b.Longs.Contains(0L)) throw Error("integer division by zero.");
        Broadcasting.Divide(ctx.Input(0), b, ctx.Output(0));
    }

    protected override Tensor Gradient(BackwardContext ctx, int input, Tensor g)
    {
        var b = ctx.Input(1);
        var full = Full(g);
        if (input == 0) Broadcasting.Divide(g, b, full);
        else
        {
            Broadcasting.Multiply(g, ctx.Input(0), full);
            Broadcasting.Divide(full, b, full);
            Broadcasting.Divide(full, b, full);
            TensorPrimitives.Negate(full.Floats, full.Floats);
        }
        return Elementwise.ReduceTo(full, ctx.InputInfo(input).Shape);
    }
}
