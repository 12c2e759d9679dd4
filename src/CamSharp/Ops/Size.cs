using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>ONNX Size: the input's element count as an int64 scalar, known from its shape at plan time.</summary>
internal sealed class Size(Node node) : Operator(node)
{
    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx) => ctx.SetConstantOutput(0, Tensor.ScalarLong(ShapeUtil.Size(ctx.Input(0).Shape)));

    public override void Forward(ForwardContext ctx) => ctx.Output(0).Longs[0] = ctx.Input(0).Length;
}
