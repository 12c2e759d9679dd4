using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX GatherND: each index tuple (the last axis of indices) picks a slice of data; with
/// batch_dims b the first b axes of data and indices are matched. Output shape is
/// indices.shape[:-1] + data.shape[b + m:]. The gradient scatter-adds the slices back.
/// </summary>
internal sealed class GatherND(Node node) : Operator(node)
{
    private readonly int _batchDims = (int)Math.Clamp(node.Attributes.GetInt("batch_dims", 0), -1, 64);

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var data = ctx.Input(0);
        var indices = ctx.Input(1);
        if (indices.Type != DataType.Int64) throw Error($"indices are {indices.Type}, expected Int64.");
        int m = NdIndex.TupleLength(Node, data.Shape, indices.Shape, _batchDims);
        ctx.SetOutput(0, data.Type, [.. indices.Shape[..^1], .. data.Shape[(_batchDims + m)..]]);
    }

    public override void Forward(ForwardContext ctx)
    {
        var data = ctx.Input(0);
        var y = ctx.Output(0);
        var (offsets, slice) = NdIndex.Offsets(Node, data.Shape, ctx.Input(1), _batchDims);
        for (int t = 0; t < offsets.Length; t++) ElementCopy.Block(data, offsets[t], y, t * slice, slice);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var gx = Tensor.Zeros(DataType.Float32, shape);
        if (ctx.OutputGrad(0) is { } gy)
        {
            var (offsets, slice) = NdIndex.Offsets(Node, shape, ctx.Input(1), _batchDims);
            var g = gy.Floats;
            var dx = gx.Floats;
            for (int t = 0; t < offsets.Length; t++)
                System.Numerics.Tensors.TensorPrimitives.Add(dx.Slice(offsets[t], slice), g.Slice(t * slice, slice), dx.Slice(offsets[t], slice));
        }
        ctx.SetInputGrad(0, gx);
    }
}
