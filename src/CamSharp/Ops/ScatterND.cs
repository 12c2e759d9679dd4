using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX ScatterND: a copy of data with the slices addressed by each index tuple replaced by
/// (or, with reduction add/mul/max/min, combined with) the matching slice of updates, in
/// index order. Gradients for reduction none and add: data gets the output gradient (zeroed
/// where overwritten), updates get it gathered from their slices.
/// </summary>
internal sealed class ScatterND(Node node) : Operator(node)
{
    private readonly ScatterReduction _reduction = ScatterReductions.Read(node);

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var data = ctx.Input(0);
        var indices = ctx.Input(1);
        var updates = ctx.Input(2);
        if (indices.Type != DataType.Int64) throw Error($"indices are {indices.Type}, expected Int64.");
        if (updates.Type != data.Type) throw Error($"updates are {updates.Type}, data {data.Type}.");
        int m = NdIndex.TupleLength(Node, data.Shape, indices.Shape, 0);
        int[] expected = [.. indices.Shape[..^1], .. data.Shape[m..]];
        if (!ShapeUtil.Equal(expected, updates.Shape))
            throw Error($"updates have shape {ShapeArgs.Format(updates.Shape)}, expected {ShapeArgs.Format(expected)}.");
        ctx.SetOutput(0, data.Type, data.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var data = ctx.Input(0);
        var updates = ctx.Input(2);
        var y = ctx.Output(0);
        ElementCopy.All(data, y);
        var (offsets, slice) = NdIndex.Offsets(Node, data.Shape, ctx.Input(1), 0);
        for (int t = 0; t < offsets.Length; t++)
        {
            if (_reduction == ScatterReduction.None)
            {
                ElementCopy.Block(updates, t * slice, y, offsets[t], slice);
                continue;
            }
            for (int e = 0; e < slice; e++) ScatterReductions.Apply(_reduction, updates, t * slice + e, y, offsets[t] + e);
        }
    }

    public override void Backward(BackwardContext ctx)
    {
        ScatterReductions.CheckDifferentiable(this, _reduction);
        var shape = ctx.InputInfo(0).Shape;
        var gy = ctx.OutputGrad(0);
        var (offsets, slice) = NdIndex.Offsets(Node, shape, ctx.Input(1), 0);
        if (ctx.NeedsInputGrad(0))
        {
            var gx = gy?.Clone() ?? Tensor.Zeros(DataType.Float32, shape);
            if (_reduction == ScatterReduction.None)
                foreach (int at in offsets) gx.Floats.Slice(at, slice).Clear();
            ctx.SetInputGrad(0, gx);
        }
        if (ctx.NeedsInputGrad(2))
        {
            var gu = Tensor.Zeros(DataType.Float32, ctx.InputInfo(2).Shape);
            if (gy is not null)
            {
                var last = _reduction == ScatterReduction.Add ? null : LastWrites(offsets, gy.Length);
                for (int t = 0; t < offsets.Length; t++)
                    if (last is null || last[t])
                        gy.Floats.Slice(offsets[t], slice).CopyTo(gu.Floats.Slice(t * slice, slice));
            }
            ctx.SetInputGrad(2, gu);
        }
    }

    /// <summary>
    /// With plain assignment only the last update to a slice survives, so only it gets a gradient: walking the
    /// updates from the end, each slice's first sighting is its last write (one pass; MViT's slice updates have
    /// millions of index tuples, where comparing each with every later one never ends).
    /// </summary>
    private static bool[] LastWrites(int[] offsets, int dataLength)
    {
        var last = new bool[offsets.Length];
        var written = new bool[dataLength];
        for (int t = offsets.Length - 1; t >= 0; t--)
            if (!written[offsets[t]]) written[offsets[t]] = last[t] = true;
        return last;
    }
}
