using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX ScatterElements (and the deprecated Scatter, its opset 9–10 name): a copy of data
/// where, for each element of indices, position i (with i[axis] replaced by the index)
/// takes the matching update, or combines with it under reduction add/mul/max/min.
/// Gradients for none and add: data gets the output gradient (zeroed where overwritten),
/// updates get it gathered from where they landed.
/// </summary>
internal sealed class ScatterElements(Node node) : Operator(node)
{
    private readonly long _axis = node.Attributes.GetInt("axis", 0);
    private readonly ScatterReduction _reduction = ScatterReductions.Read(node);

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var data = ctx.Input(0);
        var indices = ctx.Input(1);
        var updates = ctx.Input(2);
        if (indices.Type != DataType.Int64) throw Error($"indices are {indices.Type}, expected Int64.");
        if (updates.Type != data.Type) throw Error($"updates are {updates.Type}, data {data.Type}.");
        int axis = ShapeArgs.Axis(Node, _axis, data.Rank);
        bool fits = indices.Rank == data.Rank && ShapeUtil.Equal(indices.Shape, updates.Shape);
        for (int d = 0; fits && d < data.Rank; d++) fits = d == axis || indices.Shape[d] <= data.Shape[d];
        if (!fits)
            throw Error($"indices {ShapeArgs.Format(indices.Shape)} and updates {ShapeArgs.Format(updates.Shape)} must match, with rank {data.Rank} and no dimension (but axis {axis}) larger than data {ShapeArgs.Format(data.Shape)}.");
        ctx.SetOutput(0, data.Type, data.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var updates = ctx.Input(2);
        var y = ctx.Output(0);
        ElementCopy.All(ctx.Input(0), y);
        var targets = Targets(y.Shape, ctx.Input(1));
        for (int k = 0; k < targets.Length; k++) ScatterReductions.Apply(_reduction, updates, k, y, targets[k]);
    }

    public override void Backward(BackwardContext ctx)
    {
        ScatterReductions.CheckDifferentiable(this, _reduction);
        var shape = ctx.InputInfo(0).Shape;
        var gy = ctx.OutputGrad(0);
        var targets = Targets(shape, ctx.Input(1));
        if (ctx.NeedsInputGrad(0))
        {
            var gx = gy?.Clone() ?? Tensor.Zeros(DataType.Float32, shape);
            if (_reduction == ScatterReduction.None)
                foreach (int at in targets) gx.Floats[at] = 0;
            ctx.SetInputGrad(0, gx);
        }
        if (ctx.NeedsInputGrad(2))
        {
            var gu = Tensor.Zeros(DataType.Float32, ctx.InputInfo(2).Shape);
            if (gy is not null)
            {
                // With plain assignment the last update to a position wins; only it gets a gradient.
                var winner = new Dictionary<int, int>();
                for (int k = 0; k < targets.Length; k++) winner[targets[k]] = k;
                for (int k = 0; k < targets.Length; k++)
                    if (_reduction == ScatterReduction.Add || winner[targets[k]] == k) gu.Floats[k] = gy.Floats[targets[k]];
            }
            ctx.SetInputGrad(2, gu);
        }
    }

    /// <summary>For each element of indices, the flat position of data it addresses.</summary>
    private int[] Targets(int[] dataShape, Tensor indicesTensor)
    {
        int rank = dataShape.Length;
        int axis = ShapeArgs.Axis(Node, _axis, rank);
        var shape = indicesTensor.Shape;
        var indices = indicesTensor.Longs;
        var strides = ShapeUtil.Strides(dataShape);
        int dim = dataShape[axis];
        var result = new int[indices.Length];
        Span<int> idx = stackalloc int[rank];
        idx.Clear();
        int baseOffset = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            long i = indices[k];
            if (i < -dim || i >= dim) throw Error($"index {i} is out of range for axis {axis} of size {dim}.");
            result[k] = baseOffset + (int)(i < 0 ? i + dim : i) * strides[axis];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (d != axis) baseOffset += strides[d];
                if (++idx[d] < shape[d]) break;
                if (d != axis) baseOffset -= strides[d] * shape[d];
                idx[d] = 0;
            }
        }
        return result;
    }
}
