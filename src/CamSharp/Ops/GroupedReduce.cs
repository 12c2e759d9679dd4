using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// A member of the Reduce family (same axes, keepdims and noop_with_empty_axes rules, from
/// <see cref="Reduce"/>) whose value is a function of a whole group rather than a running
/// sum or extremum: the input is gathered group by group into contiguous rows, each row
/// reduced by <see cref="Combine"/>, and the gradient formed row by row by <see cref="GroupGradient"/>.
/// Axes are an attribute before opset 18 and an input from 18.
/// </summary>
public abstract class GroupedReduce(Node node, int opset) : Reduce(node, opset >= 18, ReduceKind.Sum)
{
    /// <summary>Most group gradients read the input; those that read the output as well say so.</summary>
    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    /// <summary>The reduced value of one group (which may be empty).</summary>
    protected abstract float Combine(ReadOnlySpan<float> group);

    /// <summary>Whether int64 inputs are accepted (shape arithmetic: ReduceProd of a Shape); then <see cref="CombineInt64"/> runs.</summary>
    protected virtual bool AcceptsInt64 => false;

    /// <summary>The reduced value of one int64 group.</summary>
    protected virtual long CombineInt64(ReadOnlySpan<long> group) => throw Error("int64 input is not supported.");

    /// <summary>
    /// dx for one group with output <paramref name="y"/> and its gradient <paramref name="dy"/>.
    /// <paramref name="x"/> is empty unless <see cref="Operator.Needs"/> includes the inputs.
    /// </summary>
    protected abstract void GroupGradient(ReadOnlySpan<float> x, float y, float dy, Span<float> dx);

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Int64)
        {
            base.Infer(ctx);
            return;
        }
        if (!AcceptsInt64) throw Error($"input is {x}; only Float32 is supported.");
        var axes = AxesFromInput && ctx.HasInput(1) ? ctx.RequireConstant(1, "axes") : null;
        ctx.SetOutput(0, DataType.Int64, Groups(x.Shape, axes).OutShape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        var (_, count, group) = Groups(x.Shape, AxesInput(ctx.OptionalInput(1)));
        var order = Order(group, count, y.Length);
        if (x.Type == DataType.Int64)
        {
            var longRows = Gather<long>(x.Longs, order);
            for (int g = 0; g < y.Length; g++) y.Longs[g] = CombineInt64(longRows.AsSpan(g * count, count));
            return;
        }
        var rows = Gather<float>(x.Floats, order);
        for (int g = 0; g < y.Length; g++) y.Floats[g] = Combine(rows.AsSpan(g * count, count));
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        if (ctx.OutputGrad(0) is not { } dy)
        {
            ctx.SetInputGrad(0, Tensor.Zeros(shape));
            return;
        }
        var (_, count, group) = Groups(shape, AxesInput(ctx.OptionalInput(1)));
        int groups = dy.Length;
        var order = Order(group, count, groups);
        float[] rows = Needs.HasFlag(BackwardNeeds.Inputs) ? Gather<float>(ctx.Input(0).Floats, order) : [];
        var y = Needs.HasFlag(BackwardNeeds.Outputs) ? ctx.Output(0).Floats : default;
        var dxRows = new float[order.Length];
        for (int g = 0; g < groups; g++)
            GroupGradient(rows.Length == 0 ? default : rows.AsSpan(g * count, count), y.IsEmpty ? 0f : y[g], dy.Floats[g], dxRows.AsSpan(g * count, count));
        var dx = Tensor.Uninitialized(DataType.Float32, shape);
        for (int p = 0; p < order.Length; p++) dx.Floats[order[p]] = dxRows[p];
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>The input's elements regrouped into rows, one per group, each in input order.</summary>
    internal static T[] Gather<T>(ReadOnlySpan<T> x, int[] order)
    {
        var rows = new T[order.Length];
        for (int p = 0; p < rows.Length; p++) rows[p] = x[order[p]];
        return rows;
    }

    /// <summary>order[g · count + k] = the input index of the k-th element of group g.</summary>
    internal static int[] Order(int[] group, int count, int groups)
    {
        var order = new int[group.Length];
        var filled = new int[groups];
        for (int i = 0; i < group.Length; i++) order[group[i] * count + filled[group[i]]++] = i;
        return order;
    }
}
