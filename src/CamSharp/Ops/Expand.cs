using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Expand: broadcasts the input against the shape input, both ways (a 1 in the shape
/// keeps the input's dimension). Broadcast axes are read with stride 0; the gradient sums
/// over them back into the input's shape.
/// </summary>
internal sealed class Expand(Node node) : Operator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        var dims = ShapeArgs.Longs(Node, ctx.RequireConstant(1, "shape"), "shape");
        var target = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++) target[i] = ShapeArgs.Dim(Node, dims[i], "shape value");
        var shape = ShapeUtil.TryBroadcast(x.Shape, target)
            ?? throw Error($"input shape {ShapeArgs.Format(x.Shape)} does not broadcast with shape {ShapeArgs.Format(target)}.");
        ctx.SetOutput(0, x.Type, shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        StridedCopy.Copy(x, 0, BroadcastStrides(x.Shape, y.Shape), y, 0, ShapeUtil.Strides(y.Shape), y.Shape);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var gx = Tensor.Zeros(DataType.Float32, shape);
        if (ctx.OutputGrad(0) is { } gy)
            StridedCopy.Accumulate(gy.Floats, 0, ShapeUtil.Strides(gy.Shape), gx.Floats, 0, BroadcastStrides(shape, gy.Shape), gy.Shape);
        ctx.SetInputGrad(0, gx);
    }

    /// <summary>Strides of <paramref name="input"/> seen through <paramref name="output"/>'s axes: 0 where broadcast.</summary>
    internal static int[] BroadcastStrides(int[] input, int[] output)
    {
        var own = ShapeUtil.Strides(input);
        var strides = new int[output.Length];
        int lead = output.Length - input.Length;
        for (int i = lead; i < output.Length; i++)
            strides[i] = input[i - lead] == 1 && output[i] != 1 ? 0 : own[i - lead];
        return strides;
    }
}
