using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Tile (opset 6+): repeats the input <c>repeats[i]</c> times along axis i. Output axis
/// i is seen as a (repeat, dim) pair, the repeat read with stride 0; the gradient sums the
/// tiles back.
/// </summary>
internal sealed class Tile(Node node) : Operator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        var repeats = Repeats(ctx.RequireConstant(1, "repeats"), x.Shape);
        var shape = new int[x.Rank];
        for (int i = 0; i < shape.Length; i++)
            shape[i] = ShapeArgs.Dim(Node, (long)x.Shape[i] * repeats[i], "tiled dimension");
        ctx.SetOutput(0, x.Type, shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        var (view, strides) = View(x.Shape, Repeats(ctx.Input(1), x.Shape));
        StridedCopy.Copy(x, 0, strides, y, 0, ShapeUtil.Strides(view), view);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var gx = Tensor.Zeros(DataType.Float32, shape);
        if (ctx.OutputGrad(0) is { } gy)
        {
            var (view, strides) = View(shape, Repeats(ctx.Input(1), shape));
            StridedCopy.Accumulate(gy.Floats, 0, ShapeUtil.Strides(view), gx.Floats, 0, strides, view);
        }
        ctx.SetInputGrad(0, gx);
    }

    private int[] Repeats(Tensor t, int[] shape)
    {
        var r = ShapeArgs.Longs(Node, t, "repeats");
        if (r.Length != shape.Length)
            throw Error($"repeats [{string.Join(", ", r)}] has {r.Length} entries, expected {shape.Length} (the rank of input {ShapeArgs.Format(shape)}).");
        var repeats = new int[r.Length];
        for (int i = 0; i < r.Length; i++) repeats[i] = ShapeArgs.Dim(Node, r[i], "repeat");
        return repeats;
    }

    /// <summary>The output as shape [r0, d0, r1, d1, …] and the input strides for it (0 on the repeat axes).</summary>
    private static (int[] View, int[] Strides) View(int[] shape, int[] repeats)
    {
        var own = ShapeUtil.Strides(shape);
        var view = new int[2 * shape.Length];
        var strides = new int[2 * shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            view[2 * i] = repeats[i];
            view[2 * i + 1] = shape[i];
            strides[2 * i + 1] = own[i];
        }
        return (view, strides);
    }
}
