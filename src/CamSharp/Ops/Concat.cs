using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Concat along <c>axis</c> (required; negative from opset 11). Each input is a block
/// of rows in the output; the gradient hands each input its block back.
/// </summary>
internal sealed class Concat(Node node) : Operator(node)
{
    private readonly long _axis = node.Attributes.GetInt("axis");

    public override BackwardNeeds Needs => BackwardNeeds.None;

    /// <summary>The concatenation axis for inputs of this rank.</summary>
    internal int Axis(int rank) => ShapeArgs.Axis(Node, _axis, rank);

    public override void Infer(InferContext ctx)
    {
        if (ctx.InputCount == 0) throw Error("needs at least one input.");
        var first = ctx.Input(0);
        int axis = ShapeArgs.Axis(Node, _axis, first.Rank);
        var shape = (int[])first.Shape.Clone();
        for (int i = 1; i < ctx.InputCount; i++)
        {
            var x = ctx.Input(i);
            if (x.Type != first.Type) throw Error($"input {i} is {x.Type}, expected {first.Type} like input 0.");
            bool fits = x.Rank == first.Rank;
            for (int d = 0; fits && d < x.Rank; d++) fits = d == axis || x.Shape[d] == first.Shape[d];
            if (!fits)
            {
                var expected = first.Shape.Select((v, d) => d == axis ? "*" : v.ToString());
                throw Error($"input {i} has shape {ShapeArgs.Format(x.Shape)}, expected [{string.Join(", ", expected)}].");
            }
            shape[axis] += x.Shape[axis];
        }
        ctx.SetOutput(0, first.Type, shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var y = ctx.Output(0);
        int axis = ShapeArgs.Axis(Node, _axis, y.Rank);
        int outer = ShapeArgs.Product(y.Shape, 0, axis);
        int pitch = ShapeArgs.Product(y.Shape, axis, y.Rank);
        int offset = 0;
        for (int i = 0; i < ctx.InputCount; i++)
        {
            var x = ctx.Input(i);
            int row = ShapeArgs.Product(x.Shape, axis, x.Rank);
            StridedCopy.Copy(x, 0, [row, 1], y, offset, [pitch, 1], [outer, row]);
            offset += row;
        }
    }

    public override void Backward(BackwardContext ctx)
    {
        var gy = ctx.OutputGrad(0);
        int rank = ctx.InputInfo(0).Rank;
        int axis = ShapeArgs.Axis(Node, _axis, rank);
        int offset = 0, pitch = 0;
        for (int i = 0; i < ctx.InputCount; i++) pitch += ShapeArgs.Product(ctx.InputInfo(i).Shape, axis, rank);
        for (int i = 0; i < ctx.InputCount; i++)
        {
            var shape = ctx.InputInfo(i).Shape;
            int row = ShapeArgs.Product(shape, axis, rank);
            if (ctx.NeedsInputGrad(i))
            {
                Tensor gx;
                if (gy is null) gx = Tensor.Zeros(DataType.Float32, shape);
                else
                {
                    gx = Tensor.Uninitialized(DataType.Float32, shape);
                    StridedCopy.Copy(gy, offset, [pitch, 1], gx, 0, [row, 1], [ShapeArgs.Product(shape, 0, axis), row]);
                }
                ctx.SetInputGrad(i, gx);
            }
            offset += row;
        }
    }
}
