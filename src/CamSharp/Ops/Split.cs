using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Split along <c>axis</c> (default 0). Sizes come from the <c>split</c> input (opset 13+,
/// and opset 1), the <c>split</c> attribute (opset 2–12), or equal parts: one per output, or
/// <c>num_outputs</c> (opset 18) with ceil-sized chunks and a smaller last one. The gradient
/// concatenates the output gradients (zero where an output has none).
/// </summary>
internal sealed class Split : Operator
{
    private readonly long _axis;
    private readonly long[]? _splitAttribute;
    private readonly long? _numOutputs;

    public Split(Node node, int opset) : base(node)
    {
        _axis = node.Attributes.GetInt("axis", 0);
        _splitAttribute = opset < 13 ? node.Attributes.GetInts("split") : null;
        if (opset >= 18 && node.Attributes.Has("num_outputs"))
        {
            _numOutputs = node.Attributes.GetInt("num_outputs");
            if (_numOutputs != node.Outputs.Length)
                throw Error($"num_outputs is {_numOutputs} but the node has {node.Outputs.Length} outputs.");
        }
    }

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        int axis = ShapeArgs.Axis(Node, _axis, x.Rank);
        var split = ctx.HasInput(1) ? ShapeArgs.Longs(Node, ctx.RequireConstant(1, "split"), "split") : null;
        var sizes = Sizes(x.Shape[axis], split, ctx.Outputs.Length);
        for (int i = 0; i < sizes.Length; i++)
        {
            var shape = (int[])x.Shape.Clone();
            shape[axis] = sizes[i];
            ctx.SetOutput(i, x.Type, shape);
        }
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        int axis = ShapeArgs.Axis(Node, _axis, x.Rank);
        int outer = ShapeArgs.Product(x.Shape, 0, axis);
        int pitch = ShapeArgs.Product(x.Shape, axis, x.Rank);
        int offset = 0;
        for (int i = 0; i < ctx.OutputCount; i++)
        {
            var y = ctx.Output(i);
            int row = ShapeArgs.Product(y.Shape, axis, y.Rank);
            StridedCopy.Copy(x, offset, [pitch, 1], y, 0, [row, 1], [outer, row]);
            offset += row;
        }
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        int axis = ShapeArgs.Axis(Node, _axis, shape.Length);
        var split = ctx.HasInput(1) ? ShapeArgs.Longs(Node, ctx.Input(1), "split") : null;
        var sizes = Sizes(shape[axis], split, Node.Outputs.Length);
        int outer = ShapeArgs.Product(shape, 0, axis);
        int inner = ShapeArgs.Product(shape, axis + 1, shape.Length);
        int pitch = shape[axis] * inner;

        bool complete = true;
        for (int i = 0; i < sizes.Length; i++) complete &= ctx.OutputGrad(i) is not null;
        var gx = complete ? Tensor.Uninitialized(DataType.Float32, shape) : Tensor.Zeros(DataType.Float32, shape);
        int offset = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            int row = sizes[i] * inner;
            if (ctx.OutputGrad(i) is { } gy)
                StridedCopy.Copy(gy, 0, [row, 1], gx, offset, [pitch, 1], [outer, row]);
            offset += row;
        }
        ctx.SetInputGrad(0, gx);
    }

    private int[] Sizes(int dim, long[]? split, int outputs)
    {
        split ??= _splitAttribute;
        var sizes = new int[outputs];
        if (split is not null)
        {
            if (split.Length != outputs)
                throw Error($"split [{string.Join(", ", split)}] has {split.Length} entries, expected {outputs} (one per output).");
            long sum = 0;
            for (int i = 0; i < outputs; i++)
            {
                sizes[i] = ShapeArgs.Dim(Node, split[i], "split size");
                sum += sizes[i];
            }
            if (sum != dim) throw Error($"split [{string.Join(", ", split)}] sums to {sum}, expected {dim} (the size of axis {_axis}).");
            return sizes;
        }
        if (_numOutputs is null && dim % outputs != 0)
            throw Error($"cannot split axis {_axis} of size {dim} into {outputs} equal parts.");
        int chunk = (dim + outputs - 1) / outputs;
        int left = dim;
        for (int i = 0; i < outputs; i++)
        {
            sizes[i] = Math.Min(chunk, left);
            left -= sizes[i];
        }
        return sizes;
    }
}
