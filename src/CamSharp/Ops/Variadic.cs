using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// An operator folding one or more inputs of one type elementwise, all broadcast to a
/// common shape: y = x₀ ⊕ x₁ ⊕ …, computed in place in the output.
/// </summary>
internal abstract class VariadicOperator(Node node) : Operator(node)
{
    /// <summary>Element types accepted.</summary>
    protected virtual DataType[] Types => [DataType.Float32, DataType.Int64];

    public override void Infer(InferContext ctx)
    {
        if (ctx.InputCount == 0) throw Error("needs at least one input.");
        var type = Elementwise.SameType(this, ctx);
        Elementwise.RequireType(this, type, "input", Types);
        ctx.SetOutput(0, type, Elementwise.BroadcastShape(this, ctx));
    }

    public override void Forward(ForwardContext ctx)
    {
        var y = ctx.Output(0);
        if (ctx.InputCount == 1) Broadcasting.Expand(ctx.Input(0), y);
        else Fold(ctx.Input(0), ctx.Input(1), y);
        for (int i = 2; i < ctx.InputCount; i++) Fold(y, ctx.Input(i), y);
    }

    /// <summary>output = a ⊕ b; <paramref name="a"/> may be the output itself.</summary>
    protected abstract void Fold(Tensor a, Tensor b, Tensor output);
}

/// <summary>Sum: every input's gradient is g summed to its shape; nothing is kept.</summary>
internal sealed class Sum(Node node) : VariadicOperator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.None;

    protected override void Fold(Tensor a, Tensor b, Tensor output) => Broadcasting.Add(a, b, output);

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.OutputGrad(0) is not { } g)
        {
            Elementwise.SetZeroGrads(ctx);
            return;
        }
        for (int i = 0; i < ctx.InputCount; i++)
            if (ctx.NeedsInputGrad(i)) ctx.SetInputGrad(i, Broadcasting.SumTo(g, ctx.InputInfo(i).Shape));
    }
}

/// <summary>Mean (float only): the sum divided by the input count; gradients g/n summed to each shape.</summary>
internal sealed class Mean(Node node) : VariadicOperator(node)
{
    protected override DataType[] Types => [DataType.Float32];

    public override BackwardNeeds Needs => BackwardNeeds.None;

    protected override void Fold(Tensor a, Tensor b, Tensor output) => Broadcasting.Add(a, b, output);

    public override void Forward(ForwardContext ctx)
    {
        base.Forward(ctx);
        var y = ctx.Output(0).Floats;
        TensorPrimitives.Multiply(y, 1f / ctx.InputCount, y);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.OutputGrad(0) is not { } g)
        {
            Elementwise.SetZeroGrads(ctx);
            return;
        }
        for (int i = 0; i < ctx.InputCount; i++)
        {
            if (!ctx.NeedsInputGrad(i)) continue;
            var r = Broadcasting.SumTo(g, ctx.InputInfo(i).Shape);
            TensorPrimitives.Multiply(r.Floats, 1f / ctx.InputCount, r.Floats);
            ctx.SetInputGrad(i, r);
        }
    }
}

/// <summary>
/// Base of Max and Min: the gradient goes to the input(s) that gave each output element,
/// split evenly between ties (as PyTorch's maximum/minimum do for two inputs).
/// </summary>
internal abstract class SelectingVariadic(Node node) : VariadicOperator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.Inputs | BackwardNeeds.Outputs;

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.OutputGrad(0) is not { } g)
        {
            Elementwise.SetZeroGrads(ctx);
            return;
        }
        var y = ctx.Output(0);
        using var ties = Tensor.Zeros(DataType.Float32, y.Shape);
        for (int i = 0; i < ctx.InputCount; i++)
            Route(ctx.Input(i), y, null, ties);
        for (int i = 0; i < ctx.InputCount; i++)
        {
            if (!ctx.NeedsInputGrad(i)) continue;
            var full = Tensor.Uninitialized(DataType.Float32, y.Shape);
            Route(ctx.Input(i), y, (g, ties), full);
            ctx.SetInputGrad(i, Elementwise.ReduceTo(full, ctx.InputInfo(i).Shape));
        }
    }

    /// <summary>
    /// Where x (broadcast) equals y: without a gradient, counts the match into
    /// <paramref name="target"/>; with one, writes g / ties there (and 0 elsewhere).
    /// </summary>
    private static void Route(Tensor x, Tensor y, (Tensor G, Tensor Ties)? grad, Tensor target)
    {
        var plan = BroadcastPlan.Create(y.Shape, x.Shape);
        int step = plan.InnerContiguous(0) ? 1 : 0;
        plan.ForEachRun((pos, len, off) =>
        {
            ReadOnlySpan<float> xs = x.Floats, ys = y.Floats.Slice(pos, len);
            var t = target.Floats.Slice(pos, len);
            if (grad is not { } gt)
            {
                for (int k = 0; k < len; k++)
                    if (xs[off[0] + k * step] == ys[k]) t[k] += 1f;
                return;
            }
            ReadOnlySpan<float> g = gt.G.Floats.Slice(pos, len), ties = gt.Ties.Floats.Slice(pos, len);
            for (int k = 0; k < len; k++)
                t[k] = xs[off[0] + k * step] == ys[k] ? g[k] / ties[k] : 0f;
        });
    }
}

/// <summary>Max (float or int64); NaN propagates.</summary>
internal sealed class Max(Node node) : SelectingVariadic(node)
{
    protected override void Fold(Tensor a, Tensor b, Tensor output)
    {
        if (output.Type == DataType.Int64) Broadcasting.Apply<MaxKernel<long>, long, long>(a, b, output);
        else Broadcasting.Apply<MaxKernel<float>, float, float>(a, b, output);
    }
}

/// <summary>Min (float or int64); NaN propagates.</summary>
internal sealed class Min(Node node) : SelectingVariadic(node)
{
    protected override void Fold(Tensor a, Tensor b, Tensor output)
    {
        if (output.Type == DataType.Int64) Broadcasting.Apply<MinKernel<long>, long, long>(a, b, output);
        else Broadcasting.Apply<MinKernel<float>, float, float>(a, b, output);
    }
}
