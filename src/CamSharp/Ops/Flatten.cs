using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>ONNX Flatten: [d0 … d(axis−1)] × [d(axis) … dn] as a 2-D tensor; axis in [−r, r], default 1.</summary>
internal sealed class Flatten(Node node) : ReshapeLike(node)
{
    private readonly long _axis = node.Attributes.GetInt("axis", 1);

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        int axis = ShapeArgs.Axis(Node, _axis, x.Rank, allowRank: true);
        ctx.SetOutput(0, x.Type, [ShapeArgs.Product(x.Shape, 0, axis), ShapeArgs.Product(x.Shape, axis, x.Rank)]);
    }
}
