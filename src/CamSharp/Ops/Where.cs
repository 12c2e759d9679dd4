using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// Where: y = condition ? X : Y, all three broadcast together. The gradient of X is g where
/// the condition holds, of Y where it does not, each summed to its shape.
/// </summary>
internal sealed class Where(Node node) : Operator(node)
{
    public override void Infer(InferContext ctx)
    {
        Elementwise.RequireType(this, ctx.Input(0).Type, "condition", DataType.Bool);
        var type = Elementwise.SameType(this, ctx, 1, 2);
        ctx.SetOutput(0, type, Elementwise.BroadcastShape(this, ctx, 0, 3));
    }

    public override void Forward(ForwardContext ctx)
    {
        Tensor c = ctx.Input(0), x = ctx.Input(1), y = ctx.Input(2), output = ctx.Output(0);
        switch (output.Type)
        {
            case DataType.Float32: Select<float>(c, x, y, output); break;
            case DataType.Int64: Select<long>(c, x, y, output); break;
            default: Select<bool>(c, x, y, output); break;
        }
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.OutputGrad(0) is not { } g)
        {
            Elementwise.SetZeroGrads(ctx);
            return;
        }
        var condition = ctx.Input(0);
        for (int i = 1; i <= 2; i++)
        {
            if (!ctx.NeedsInputGrad(i)) continue;
            var full = Tensor.Uninitialized(DataType.Float32, g.Shape);
            Mask(condition, keep: i == 1, g, full);
            ctx.SetInputGrad(i, Elementwise.ReduceTo(full, ctx.InputInfo(i).Shape));
        }
    }

    private static void Select<T>(Tensor c, Tensor x, Tensor y, Tensor output) where T : unmanaged
    {
        var plan = BroadcastPlan.Create(output.Shape, c.Shape, x.Shape, y.Shape);
        int sc = Step(plan, 0), sx = Step(plan, 1), sy = Step(plan, 2);
        plan.ForEachRun((pos, len, off) =>
        {
            ReadOnlySpan<bool> cs = c.Bools;
            ReadOnlySpan<T> xs = Broadcasting.ElementsOf<T>(x), ys = Broadcasting.ElementsOf<T>(y);
            var d = Broadcasting.ElementsOf<T>(output).Slice(pos, len);
            for (int k = 0; k < len; k++)
                d[k] = cs[off[0] + k * sc] ? xs[off[1] + k * sx] : ys[off[2] + k * sy];
        });
    }

    /// <summary>full = g where condition == keep, else 0.</summary>
    private static void Mask(Tensor condition, bool keep, Tensor g, Tensor full)
    {
        var plan = BroadcastPlan.Create(g.Shape, condition.Shape);
        int sc = Step(plan, 0);
        plan.ForEachRun((pos, len, off) =>
        {
            ReadOnlySpan<bool> cs = condition.Bools;
            ReadOnlySpan<float> gs = g.Floats.Slice(pos, len);
            var d = full.Floats.Slice(pos, len);
            for (int k = 0; k < len; k++)
                d[k] = cs[off[0] + k * sc] == keep ? gs[k] : 0f;
        });
    }

    private static int Step(BroadcastPlan plan, int operand) => plan.InnerContiguous(operand) ? 1 : 0;
}
