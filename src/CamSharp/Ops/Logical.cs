using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>Not on bool tensors (bytes 0/1, flipped with xor 1).</summary>
internal sealed class Not(Node node) : Operator(node)
{
    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        Elementwise.RequireType(this, x.Type, "input", DataType.Bool);
        ctx.SetOutput(0, DataType.Bool, x.Shape);
    }

    public override void Forward(ForwardContext ctx) =>
        TensorPrimitives.Xor(Broadcasting.ElementsOf<byte>(ctx.Input(0)), (byte)1, Broadcasting.ElementsOf<byte>(ctx.Output(0)));
}

/// <summary>A binary logical operator on bool tensors with broadcasting, run as bytewise bit logic.</summary>
internal abstract class LogicalOperator(Node node) : Operator(node)
{
    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        for (int i = 0; i < 2; i++) Elementwise.RequireType(this, ctx.Input(i).Type, $"input {i}", DataType.Bool);
        ctx.SetOutput(0, DataType.Bool, Elementwise.BroadcastShape(this, ctx, 0, 2));
    }
}

internal sealed class And(Node node) : LogicalOperator(node)
{
    public override void Forward(ForwardContext ctx) =>
        Broadcasting.Apply<BitAndKernel, byte, byte>(ctx.Input(0), ctx.Input(1), ctx.Output(0));
}

internal sealed class Or(Node node) : LogicalOperator(node)
{
    public override void Forward(ForwardContext ctx) =>
        Broadcasting.Apply<BitOrKernel, byte, byte>(ctx.Input(0), ctx.Input(1), ctx.Output(0));
}

internal sealed class Xor(Node node) : LogicalOperator(node)
{
    public override void Forward(ForwardContext ctx) =>
        Broadcasting.Apply<BitXorKernel, byte, byte>(ctx.Input(0), ctx.Input(1), ctx.Output(0));
}
