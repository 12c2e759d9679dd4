using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Squeeze: removes the listed size-1 axes, or every size-1 axis when none are given.
/// Axes are an attribute before opset 13 and an optional input from 13.
/// </summary>
internal sealed class Squeeze(Node node, int opset) : ReshapeLike(node)
{
    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        long[]? axes = opset < 13 ? Node.Attributes.GetInts("axes")
            : ctx.HasInput(1) ? ShapeArgs.Longs(Node, ctx.RequireConstant(1, "axes"), "axes") : null;

        var drop = new bool[x.Rank];
        if (axes is null)
        {
            for (int i = 0; i < x.Rank; i++) drop[i] = x.Shape[i] == 1;
        }
        else
        {
            foreach (int a in ShapeArgs.Axes(Node, axes, x.Rank))
            {
                if (x.Shape[a] != 1) throw Error($"cannot squeeze axis {a} of input {ShapeArgs.Format(x.Shape)}: its size is {x.Shape[a]}, expected 1.");
                drop[a] = true;
            }
        }

        var shape = new List<int>(x.Rank);
        for (int i = 0; i < x.Rank; i++)
            if (!drop[i]) shape.Add(x.Shape[i]);
        ctx.SetOutput(0, x.Type, shape.ToArray());
    }
}

/// <summary>
/// ONNX Unsqueeze: inserts size-1 axes at the given positions of the output (negative
/// positions count from the output's end). Axes are an attribute before opset 13, an input from 13.
/// </summary>
internal sealed class Unsqueeze(Node node, int opset) : ReshapeLike(node)
{
    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        long[] axes = opset < 13
            ? Node.Attributes.GetInts("axes") ?? throw Error("attribute 'axes' is required before opset 13.")
            : ShapeArgs.Longs(Node, ctx.RequireConstant(1, "axes"), "axes");

        int rank = x.Rank + axes.Length;
        var inserted = new bool[rank];
        foreach (int a in ShapeArgs.Axes(Node, axes, rank)) inserted[a] = true;

        var shape = new int[rank];
        for (int i = 0, j = 0; i < rank; i++)
            shape[i] = inserted[i] ? 1 : x.Shape[j++];
        ctx.SetOutput(0, x.Type, shape);
    }
}
