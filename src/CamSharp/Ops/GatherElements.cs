using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX GatherElements: out[i] = data[i with i[axis] replaced by indices[i]] (axis default 0,
/// negative indices count from the end). Output has the indices' shape; the gradient scatter-adds.
/// </summary>
internal sealed class GatherElements(Node node) : Operator(node)
{
    private readonly long _axis = node.Attributes.GetInt("axis", 0);

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var data = ctx.Input(0);
        var indices = ctx.Input(1);
        if (indices.Type != DataType.Int64) throw Error($"indices are {indices.Type}, expected Int64.");
        int axis = ShapeArgs.Axis(Node, _axis, data.Rank);
        bool fits = indices.Rank == data.Rank;
        for (int d = 0; fits && d < data.Rank; d++) fits = d == axis || indices.Shape[d] <= data.Shape[d];
        if (!fits)
            throw Error($"indices have shape {ShapeArgs.Format(indices.Shape)}, expected rank {data.Rank} and no dimension (but axis {axis}) larger than data {ShapeArgs.Format(data.Shape)}.");
        ctx.SetOutput(0, data.Type, indices.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var data = ctx.Input(0);
        var indices = ctx.Input(1);
        var y = ctx.Output(0);
        switch (data.Type)
        {
            case DataType.Float32: Walk(data.Shape, indices, new Take<float>(data.Floats, y.Floats)); break;
            case DataType.Int64: Walk(data.Shape, indices, new Take<long>(data.Longs, y.Longs)); break;
            default: Walk(data.Shape, indices, new Take<bool>(data.Bools, y.Bools)); break;
        }
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var gx = Tensor.Zeros(DataType.Float32, shape);
        if (ctx.OutputGrad(0) is { } gy)
            Walk(shape, ctx.Input(1), new ScatterAdd(gy.Floats, gx.Floats));
        ctx.SetInputGrad(0, gx);
    }

    private interface IVisit
    {
        /// <summary>Element <paramref name="k"/> of the output pairs with element <paramref name="at"/> of data.</summary>
        void Visit(int k, int at);
    }

    private readonly ref struct Take<T>(ReadOnlySpan<T> src, Span<T> dst) : IVisit
    {
        private readonly ReadOnlySpan<T> _src = src;
        private readonly Span<T> _dst = dst;

        public void Visit(int k, int at) => _dst[k] = _src[at];
    }

    private readonly ref struct ScatterAdd(ReadOnlySpan<float> gy, Span<float> gx) : IVisit
    {
        private readonly ReadOnlySpan<float> _gy = gy;
        private readonly Span<float> _gx = gx;

        public void Visit(int k, int at) => _gx[at] += _gy[k];
    }

    /// <summary>Walks the indices in order, tracking the matching data offset as an odometer.</summary>
    private void Walk<TVisit>(int[] dataShape, Tensor indicesTensor, TVisit visit) where TVisit : IVisit, allows ref struct
    {
        int rank = dataShape.Length;
        int axis = ShapeArgs.Axis(Node, _axis, rank);
        var shape = indicesTensor.Shape;
        var indices = indicesTensor.Longs;
        var strides = ShapeUtil.Strides(dataShape);
        int dim = dataShape[axis], axisStride = strides[axis];
        Span<int> idx = stackalloc int[rank];
        idx.Clear();
        int baseOffset = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            long i = indices[k];
            if (i < -dim || i >= dim) throw Error($"index {i} is out of range for axis {axis} of size {dim}.");
            visit.Visit(k, baseOffset + (int)(i < 0 ? i + dim : i) * axisStride);
            for (int d = rank - 1; d >= 0; d--)
            {
                if (d != axis) baseOffset += strides[d];
                if (++idx[d] < shape[d]) break;
                if (d != axis) baseOffset -= strides[d] * shape[d];
                idx[d] = 0;
            }
        }
    }
}
