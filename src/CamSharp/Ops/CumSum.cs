using System.Numerics;
using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// CumSum (opset 11): running sums along the axis given by input 1 (a scalar), float or int64. exclusive=1 leaves each element out of its own sum; reverse=1 sums from the end.
/// The gradient is the cumulative sum of g in the other direction, with the same exclusivity.
/// </summary>
public sealed class CumSum(Node node) : Operator(node)
{
    private readonly bool _exclusive = node.Attributes.GetInt("exclusive", 0) != 0;
    private readonly bool _reverse = node.Attributes.GetInt("reverse", 0) != 0;

    // Backward reads only the axis, but the axis may come from the data: inputs are kept.
    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        Elementwise.RequireType(this, x.Type, "input", DataType.Float32, DataType.Int64);
        if (ctx.Constant(1) is { } axis) Axis(axis, x.Shape);
        ctx.SetOutput(0, x.Type, x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        Tensor x = ctx.Input(0), y = ctx.Output(0);
        var (outer, count, inner) = AxisLayout.Split(x.Shape, Axis(ctx.Input(1), x.Shape));
        if (x.Type == DataType.Int64) Scan(x.Longs, y.Longs, outer, count, inner, _reverse);
        else Scan(x.Floats, y.Floats, outer, count, inner, _reverse);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        if (ctx.OutputGrad(0) is not { } g)
        {
            ctx.SetInputGrad(0, Tensor.Zeros(shape));
            return;
        }
        var (outer, count, inner) = AxisLayout.Split(shape, Axis(ctx.Input(1), shape));
        var dx = Tensor.Uninitialized(DataType.Float32, shape);
        Scan(g.Floats, dx.Floats, outer, count, inner, !_reverse);
        ctx.SetInputGrad(0, dx);
    }

    private void Scan<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int count, int inner, bool reverse) where T : unmanaged, INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            int block = o * count * inner;
            for (int k = 0; k < count; k++)
            {
                int r = reverse ? count - 1 - k : k, prev = reverse ? r + 1 : r - 1;
                var row = y.Slice(block + r * inner, inner);
                var own = x.Slice(block + r * inner, inner);
                if (k == 0)
                {
                    if (_exclusive) row.Clear();
                    else own.CopyTo(row);
                    continue;
                }
                var before = y.Slice(block + prev * inner, inner);
                // Exclusive: this row's sum is the previous row's sum plus the previous row's own value.
                if (_exclusive) TensorPrimitives.Add(before, x.Slice(block + prev * inner, inner), row);
                else TensorPrimitives.Add(before, own, row);
            }
        }
    }

    private int Axis(Tensor axis, int[] shape)
    {
        if (axis.Length != 1 || axis.Type != DataType.Int64) throw Error($"axis input is {axis}, expected one integer.");
        return AxisLayout.Resolve(this, axis.Longs[0], shape);
    }
}
