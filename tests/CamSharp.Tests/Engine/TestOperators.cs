using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Tests.Engine;

/// <summary>
/// Tiny operators for executor tests, independent of the real operator set:
/// TScale (y = k·x), TMul (y = a·b, same shapes), TSquare (y = x²), TShapeLen (constant
/// from shapes), TBatchOne (reshapes to a batch of 1, as batch-1 exports do).
/// </summary>
internal static class TestOperators
{
    public static Operator Create(Node node, int opset) => node.OpType switch
    {
        "TScale" => new Scale(node),
        "TMul" => new Mul(node),
        "TSquare" => new Square(node),
        "TShapeLen" => new ShapeLen(node),
        "TBatchOne" => new BatchOne(node),
        _ => throw new ModelException($"{node}: unknown test op"),
    };

    private sealed class Scale(Node node) : Operator(node)
    {
        private float K => Node.Attributes.GetFloat("k", 1f);

        public override void Infer(InferContext ctx) => ctx.SetOutput(0, DataType.Float32, ctx.Shape(0));

        public override void Forward(ForwardContext ctx)
        {
            var x = ctx.Input(0).Floats;
            var y = ctx.Output(0).Floats;
            for (int i = 0; i < x.Length; i++) y[i] = K * x[i];
        }

        public override BackwardNeeds Needs => BackwardNeeds.None;

        public override void Backward(BackwardContext ctx)
        {
            var g = ctx.OutputGrad(0)!;
            var r = Tensor.Uninitialized(DataType.Float32, g.Shape);
            for (int i = 0; i < g.Length; i++) r.Floats[i] = K * g.Floats[i];
            ctx.SetInputGrad(0, r);
        }
    }

    private sealed class Mul(Node node) : Operator(node)
    {
        public override void Infer(InferContext ctx) => ctx.SetOutput(0, DataType.Float32, ctx.Shape(0));

        public override void Forward(ForwardContext ctx)
        {
            var a = ctx.Input(0).Floats;
            var b = ctx.Input(1).Floats;
            var y = ctx.Output(0).Floats;
            for (int i = 0; i < y.Length; i++) y[i] = a[i] * b[i];
        }

        public override void Backward(BackwardContext ctx)
        {
            var g = ctx.OutputGrad(0)!;
            for (int k = 0; k < 2; k++)
            {
                if (!ctx.NeedsInputGrad(k)) continue;
                var other = ctx.Input(1 - k).Floats;
                var r = Tensor.Uninitialized(DataType.Float32, g.Shape);
                for (int i = 0; i < g.Length; i++) r.Floats[i] = g.Floats[i] * other[i];
                ctx.SetInputGrad(k, r);
            }
        }
    }

    private sealed class Square(Node node) : Operator(node)
    {
        public override void Infer(InferContext ctx) => ctx.SetOutput(0, DataType.Float32, ctx.Shape(0));

        public override void Forward(ForwardContext ctx)
        {
            var x = ctx.Input(0).Floats;
            var y = ctx.Output(0).Floats;
            for (int i = 0; i < x.Length; i++) y[i] = x[i] * x[i];
        }

        public override void Backward(BackwardContext ctx)
        {
            var g = ctx.OutputGrad(0)!;
            var x = ctx.Input(0).Floats;
            var r = Tensor.Uninitialized(DataType.Float32, g.Shape);
            for (int i = 0; i < g.Length; i++) r.Floats[i] = 2 * x[i] * g.Floats[i];
            ctx.SetInputGrad(0, r);
        }
    }

    private sealed class ShapeLen(Node node) : Operator(node)
    {
        public override void Infer(InferContext ctx) => ctx.SetConstantOutput(0, Tensor.FromFloats([ctx.Shape(0)[^1]], 1));

        public override void Forward(ForwardContext ctx) => throw new InvalidOperationException("folded at plan time");
    }

    /// <summary>Reshapes [N, ...] to [1, N·...]: the batch-1 constant that breaks batching.</summary>
    private sealed class BatchOne(Node node) : Operator(node)
    {
        public override void Infer(InferContext ctx) => ctx.SetOutput(0, DataType.Float32, [1, ShapeUtil.Size(ctx.Shape(0))]);

        public override void Forward(ForwardContext ctx) => ctx.Input(0).Floats.CopyTo(ctx.Output(0).Floats);

        public override BackwardNeeds Needs => BackwardNeeds.None;
    }
}
