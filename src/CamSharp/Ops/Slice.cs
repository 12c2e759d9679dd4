using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Slice. Before opset 10, <c>starts</c>, <c>ends</c> and <c>axes</c> are attributes;
/// from 10 they are inputs, with optional <c>axes</c> and <c>steps</c>. Starts and ends are
/// clamped as the spec says (so INT64_MAX means "to the end"), negative steps walk backwards.
/// The output is a strided view of the input, copied; the gradient scatters back into zeros.
/// </summary>
internal sealed class Slice(Node node, int opset) : Operator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        var (_, _, shape) = Plan(x.Shape, i => ctx.HasInput(i) ? ctx.RequireConstant(i, InputNames[i]) : null);
        ctx.SetOutput(0, x.Type, shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var (offset, strides, shape) = Plan(x.Shape, ctx.OptionalInput);
        var y = ctx.Output(0);
        StridedCopy.Copy(x, offset, strides, y, 0, ShapeUtil.Strides(shape), shape);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var inShape = ctx.InputInfo(0).Shape;
        var gx = Tensor.Zeros(DataType.Float32, inShape);
        if (ctx.OutputGrad(0) is { } gy)
        {
            var (offset, strides, shape) = Plan(inShape, i => ctx.HasInput(i) ? ctx.Input(i) : null);
            StridedCopy.Copy(gy, 0, ShapeUtil.Strides(shape), gx, offset, strides, shape);
        }
        ctx.SetInputGrad(0, gx);
    }

    private static readonly string[] InputNames = ["data", "starts", "ends", "axes", "steps"];

    /// <summary>Where the slice starts in the input, the input stride of each output axis, and the output shape.</summary>
    private (int Offset, int[] Strides, int[] Shape) Plan(int[] inShape, Func<int, Tensor?> input)
    {
        var selection = Selection(inShape, input);
        var inStrides = ShapeUtil.Strides(inShape);
        var strides = (int[])inStrides.Clone();
        var shape = new int[inShape.Length];
        long offset = 0;
        for (int a = 0; a < inShape.Length; a++)
        {
            var (start, step, count) = selection[a];
            shape[a] = count;
            if (count > 0) offset += start * inStrides[a];
            // A step beyond the axis length only ever takes one element; keep the stride in int range.
            strides[a] = count > 1 ? checked((int)(step * inStrides[a])) : inStrides[a];
        }
        return ((int)offset, strides, shape);
    }

    /// <summary>
    /// What the slice takes along each input axis: the first index, the step and the count, with starts
    /// and ends clamped as the spec says (axes it does not slice: 0, 1, their length).
    /// <paramref name="input"/> gives input i (starts, ends, axes, steps) or null when it is absent.
    /// </summary>
    internal (long Start, long Step, int Count)[] Selection(int[] inShape, Func<int, Tensor?> input)
    {
        long[] starts, ends;
        long[]? axes, steps = null;
        if (opset < 10)
        {
            starts = Node.Attributes.GetInts("starts") ?? throw Error("attribute 'starts' is required before opset 10.");
            ends = Node.Attributes.GetInts("ends") ?? throw Error("attribute 'ends' is required before opset 10.");
            axes = Node.Attributes.GetInts("axes");
        }
        else
        {
            starts = ShapeArgs.Longs(Node, input(1) ?? throw Error("input 'starts' is required."), "starts");
            ends = ShapeArgs.Longs(Node, input(2) ?? throw Error("input 'ends' is required."), "ends");
            axes = input(3) is { } a ? ShapeArgs.Longs(Node, a, "axes") : null;
            steps = input(4) is { } s ? ShapeArgs.Longs(Node, s, "steps") : null;
        }

        int rank = inShape.Length;
        if (ends.Length != starts.Length || (axes is not null && axes.Length != starts.Length) || (steps is not null && steps.Length != starts.Length))
            throw Error($"starts ({starts.Length}), ends ({ends.Length}), axes ({axes?.Length ?? starts.Length}) and steps ({steps?.Length ?? starts.Length}) must have the same length.");
        if (axes is null && starts.Length > rank)
            throw Error($"starts has {starts.Length} entries but the input {ShapeArgs.Format(inShape)} has rank {rank}.");
        int[] axis = axes is null ? DefaultAxes(starts.Length) : ShapeArgs.Axes(Node, axes, rank);

        var selection = new (long Start, long Step, int Count)[rank];
        for (int a = 0; a < rank; a++) selection[a] = (0, 1, inShape[a]);
        for (int i = 0; i < starts.Length; i++)
        {
            int a = axis[i];
            long dim = inShape[a];
            long step = steps?[i] ?? 1;
            if (step == 0) throw Error($"steps[{i}] is 0.");
            // Negative starts/ends count from the end; then clamp so a copy of 0..dim elements is always expressible.
            long start = starts[i] < 0 ? starts[i] + dim : starts[i];
            long end = ends[i] < 0 ? ends[i] + dim : ends[i];
            long count;
            if (step > 0)
            {
                start = Math.Clamp(start, 0, dim);
                end = Math.Clamp(end, 0, dim);
                count = end > start ? (end - start - 1) / step + 1 : 0;
            }
            else
            {
                start = Math.Clamp(start, 0, Math.Max(dim - 1, 0));
                end = Math.Clamp(end, -1, dim - 1);
                count = start > end ? (start - end - 1) / -step + 1 : 0;
            }
            selection[a] = (start, step, (int)count);
        }
        return selection;
    }

    private static int[] DefaultAxes(int count)
    {
        var axes = new int[count];
        for (int i = 0; i < count; i++) axes[i] = i;
        return axes;
    }
}
