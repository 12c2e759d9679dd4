using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>A per-element test of a float tensor giving bools (IsNaN, IsInf); no gradient flows through a bool.</summary>
public abstract class FloatPredicate(Node node) : Operator(node)
{
    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        Elementwise.RequireType(this, x.Type, "input", DataType.Float32);
        ctx.SetOutput(0, DataType.Bool, x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0).Floats;
        var y = ctx.Output(0).Bools;
        for (int i = 0; i < y.Length; i++) y[i] = Test(x[i]);
    }

    protected abstract bool Test(float x);
}
