using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Gather: picks slices of <c>data</c> along <c>axis</c> (default 0) by int64 indices
/// (negative ones count from the end). Output shape is data[:axis] + indices + data[axis+1:].
/// The gradient scatter-adds, since an index may repeat.
/// </summary>
internal sealed class Gather(Node node) : Operator(node)
{
    private readonly long _axis = node.Attributes.GetInt("axis", 0);

    // Backward reads the indices; they are often but not always plan-time constants.
    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var data = ctx.Input(0);
        var indices = ctx.Input(1);
        if (indices.Type != DataType.Int64) throw Error($"indices are {indices.Type}, expected Int64.");
        int axis = ShapeArgs.Axis(Node, _axis, data.Rank);
        var shape = new int[data.Rank - 1 + indices.Rank];
        data.Shape.AsSpan(0, axis).CopyTo(shape);
        indices.Shape.CopyTo(shape, axis);
        data.Shape.AsSpan(axis + 1).CopyTo(shape.AsSpan(axis + indices.Rank));
        ctx.SetOutput(0, data.Type, shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var data = ctx.Input(0);
        var indices = ctx.Input(1).Longs;
        var (outer, dim, inner) = Layout(data.Shape);
        CheckIndices(indices, dim);
        var y = ctx.Output(0);
        switch (data.Type)
        {
            case DataType.Float32: Take<float>(data.Floats, indices, y.Floats, outer, dim, inner); break;
            case DataType.Int64: Take<long>(data.Longs, indices, y.Longs, outer, dim, inner); break;
            default: Take<bool>(data.Bools, indices, y.Bools, outer, dim, inner); break;
        }
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var gx = Tensor.Zeros(DataType.Float32, shape);
        if (ctx.OutputGrad(0) is { } gy)
        {
            var indices = ctx.Input(1).Longs;
            var (outer, dim, inner) = Layout(shape);
            CheckIndices(indices, dim);
            var g = gy.Floats;
            var dx = gx.Floats;
            int n = indices.Length;
            for (int o = 0; o < outer; o++)
            {
                for (int k = 0; k < n; k++)
                {
                    long idx = indices[k] < 0 ? indices[k] + dim : indices[k];
                    var to = dx.Slice((o * dim + (int)idx) * inner, inner);
                    TensorPrimitives.Add(to, g.Slice((o * n + k) * inner, inner), to);
                }
            }
        }
        ctx.SetInputGrad(0, gx);
    }

    private (int Outer, int Dim, int Inner) Layout(int[] shape)
    {
        int axis = ShapeArgs.Axis(Node, _axis, shape.Length);
        return (ShapeArgs.Product(shape, 0, axis), shape[axis], ShapeArgs.Product(shape, axis + 1, shape.Length));
    }

    private void CheckIndices(ReadOnlySpan<long> indices, int dim)
    {
        foreach (long i in indices)
            if (i < -dim || i >= dim)
                throw Error($"index {i} is out of range for axis {_axis} of size {dim}.");
    }

    private static void Take<T>(ReadOnlySpan<T> src, ReadOnlySpan<long> indices, Span<T> dst, int outer, int dim, int inner)
    {
        int n = indices.Length;
        for (int o = 0; o < outer; o++)
        {
            for (int k = 0; k < n; k++)
            {
                int idx = (int)(indices[k] < 0 ? indices[k] + dim : indices[k]);
                if (inner == 1) dst[o * n + k] = src[o * dim + idx];
                else src.Slice((o * dim + idx) * inner, inner).CopyTo(dst.Slice((o * n + k) * inner, inner));
            }
        }
    }
}
