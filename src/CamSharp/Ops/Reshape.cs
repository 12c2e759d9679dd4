using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Reshape: the shape comes from input 1 (opset ≥ 5) or the <c>shape</c> attribute
/// (opset 1). A 0 copies the input's dimension unless <c>allowzero</c> (opset 14); one −1
/// is inferred from the element count.
/// </summary>
internal sealed class Reshape : ReshapeLike
{
    private readonly int _opset;
    private readonly bool _allowZero;

    public Reshape(Node node, int opset) : base(node)
    {
        _opset = opset;
        _allowZero = opset >= 14 && node.Attributes.GetInt("allowzero", 0) != 0;
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        long[] target = _opset < 5
            ? Node.Attributes.GetInts("shape") ?? throw Error("attribute 'shape' is required before opset 5.")
            : ShapeArgs.Longs(Node, ctx.RequireConstant(1, "shape"), "shape");
        ctx.SetOutput(0, x.Type, OutputShape(x.Shape, target));
    }

    private int[] OutputShape(int[] input, long[] target)
    {
        var shape = new int[target.Length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.Length; i++)
        {
            long d = target[i];
            if (d == -1)
            {
                if (inferred >= 0) throw Error($"shape [{string.Join(", ", target)}] has more than one -1.");
                inferred = i;
                continue;
            }
            if (d == 0 && !_allowZero)
            {
                if (i >= input.Length) throw Error($"shape [{string.Join(", ", target)}] copies dimension {i} (0), but the input {ShapeArgs.Format(input)} has rank {input.Length}.");
                d = input[i];
            }
            shape[i] = ShapeArgs.Dim(Node, d, "shape value");
            known *= shape[i];
        }

        long total = ShapeArgs.Product(input, 0, input.Length);
        if (inferred >= 0)
        {
            if (known == 0 || total % known != 0)
                throw Error($"cannot infer the -1 in shape [{string.Join(", ", target)}] for input {ShapeArgs.Format(input)} ({total} elements).");
            shape[inferred] = (int)(total / known);
            known *= shape[inferred];
        }
        if (known != total)
            throw Error($"cannot reshape input {ShapeArgs.Format(input)} ({total} elements) to shape [{string.Join(", ", target)}] ({known} elements).");
        return shape;
    }
}
