using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// Operators that only relabel the shape (Reshape, Flatten, Squeeze, Unsqueeze). Forward copies
/// the data (the executor skips it and hands the input's buffer over when nothing else reads the
/// input) and backward copies the gradient back into the input's shape; subclasses only infer the output shape.
/// </summary>
internal abstract class ReshapeLike(Node node) : Operator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.None;

    internal override bool RelabelsInput => true;

    public override void Forward(ForwardContext ctx) => StridedCopy.CopyData(ctx.Input(0), ctx.Output(0));

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        ctx.SetInputGrad(0, ctx.OutputGrad(0)?.Clone(shape) ?? Tensor.Zeros(DataType.Float32, shape));
    }
}
