using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>Identity: a copy of any tensor; the gradient is g.</summary>
internal sealed class Identity(Node node) : Operator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.None;

    internal override bool RelabelsInput => true;

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
/// write it). Random dropout would make explanations irreproducible, so the model is refused at
/// load when training_mode is true with another ratio, or when training_mode (or, in training
/// mode, the ratio) is not a constant and could turn dropout on at run time.
/// </summary>
internal sealed class Dropout(Node node, int opset) : Operator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        Elementwise.RequireType(this, x.Type, "input", DataType.Float32);
        if (opset >= 12 && ctx.HasInput(2)) CheckDeterministic(ctx);
        ctx.SetOutput(0, x.Type, x.Shape);
        if (ctx.Outputs.Length > 1) ctx.SetConstantOutput(1, Ones(opset >= 10 ? DataType.Bool : x.Type, x.Shape));
    }

    /// <summary>Training mode keeps every value only with a ratio of 0 (the spec's default ratio is 0.5).</summary>
    private void CheckDeterministic(InferContext ctx)
    {
        var training = ctx.Constant(2)
            ?? throw Error("training_mode is not a constant, so random dropout could be switched on at run time; only inference is supported (training_mode must be a constant false)");
        if (training.Length == 0 || training.GetDouble(0) == 0) return;
        double ratio = 0.5;
        if (ctx.HasInput(1))
            ratio = (ctx.Constant(1) ?? throw Error("training_mode is true and the ratio is not a constant (random dropout); only inference is supported")).GetDouble(0);
        if (ratio != 0)
            throw Error($"training_mode is true with ratio {ratio} (random dropout); only inference is supported");
    }

    public override void Forward(ForwardContext ctx)
    {
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
