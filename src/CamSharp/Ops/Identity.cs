using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>Identity: a copy of any tensor; the gradient is g.</summary>
internal sealed class Identity(Node node) : Operator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        ctx.SetOutput(0, x.Type, x.Shape);
    }

    public override void Forward(ForwardContext ctx) => CopyInto(ctx.Input(0), ctx.Output(0));

    public override void Backward(BackwardContext ctx) => PassGradient(ctx);

    internal static void CopyInto(Tensor x, Tensor y)
    {
        if (x.Type == DataType.Float32) Elementwise.Map(x, y, (a, b) => a.CopyTo(b));
        else Elementwise.CopyAny(x, y);
    }

    internal static void PassGradient(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        if (ctx.OutputGrad(0) is { } g) ctx.SetInputGrad(0, Elementwise.Copy(g));
        else Elementwise.SetZeroGrads(ctx);
    }
}

/// <summary>
/// Dropout at inference: the output is the input and the optional mask is all "kept"
/// (bool from opset 10, the input's type before). From opset 12 the ratio and
/// training_mode are inputs; training mode with a ratio of 0 keeps everything too (exporters
/// write it), but a training_mode that is true with another ratio is an error, at plan time or
/// when the value is fed, because random dropout would make explanations irreproducible.
/// </summary>
internal sealed class Dropout(Node node, int opset) : Operator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        Elementwise.RequireType(this, x.Type, "input", DataType.Float32);
        bool known = true;
        if (opset >= 12 && ctx.HasInput(2))
        {
            // A training_mode fed at run time is checked when it arrives (Forward); the shapes do not depend on it.
            known = ctx.Constant(2) is not null && (!ctx.HasInput(1) || ctx.Constant(1) is not null);
            if (known) CheckDeterministic(ctx.Constant(2), ctx.HasInput(1) ? ctx.Constant(1) : null);
        }
        ctx.SetOutput(0, x.Type, x.Shape);
        var maskType = opset >= 10 ? DataType.Bool : x.Type;
        if (ctx.Outputs.Length > 1)
        {
            if (known) ctx.SetConstantOutput(1, Ones(maskType, x.Shape));
            else ctx.SetOutput(1, maskType, x.Shape);
        }
    }

    /// <summary>Training mode keeps every value only with a ratio of 0 (the spec's default ratio is 0.5).</summary>
    private void CheckDeterministic(Tensor? training, Tensor? ratio)
    {
        if (training is null || training.Length == 0 || training.GetDouble(0) == 0) return;
        if ((ratio is null ? 0.5 : ratio.GetDouble(0)) != 0)
            throw Error("training_mode is true with a ratio other than 0 (random dropout); only inference is supported.");
    }

    public override void Forward(ForwardContext ctx)
    {
        if (opset >= 12 && ctx.HasInput(2)) CheckDeterministic(ctx.Input(2), ctx.OptionalInput(1));
        Identity.CopyInto(ctx.Input(0), ctx.Output(0));
        // The mask is a plan-time constant, but a node that runs still fills every output it has.
        if (ctx.OutputCount > 1) Fill(ctx.Output(1));
    }

    public override void Backward(BackwardContext ctx) => Identity.PassGradient(ctx);

    private static Tensor Ones(DataType type, int[] shape)
    {
        var t = Tensor.Uninitialized(type, shape);
        Fill(t);
        return t;
    }

    private static void Fill(Tensor t)
    {
        if (t.Type == DataType.Bool) t.Bools.Fill(true);
        else t.Floats.Fill(1f);
    }
}
