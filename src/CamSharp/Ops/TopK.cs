using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX TopK: the k largest (or smallest) elements along an axis and their int64 indices.
/// k is an input since opset 10 (an attribute before); a k computed from the image defers
/// the node to run time. Output is always sorted, and equal values keep the lower index
/// first, as the spec asks. The gradient scatters the values' gradient back to the chosen
/// positions.
/// </summary>
internal sealed class TopK : Operator
{
    private readonly int _opset;
    private readonly long _axis;
    private readonly bool _largest;

    public TopK(Node node, int opset) : base(node)
    {
        _opset = opset;
        _axis = node.Attributes.GetInt("axis", -1);
        _largest = node.Attributes.GetInt("largest", 1) != 0;
    }

    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        int axis = ShapeArgs.Axis(Node, _axis, x.Rank);
        if (x.Type == DataType.Bool) throw Error("input is Bool, expected a numeric type.");
        long k = _opset < 10 ? Node.Attributes.GetInt("k") : ReadK(ctx.RequireConstant(1, "K"));
        if (k < 0 || k > x.Shape[axis]) throw Error($"k = {k} is outside [0, {x.Shape[axis]}] for axis {axis} of {ShapeArgs.Format(x.Shape)}.");
        var shape = (int[])x.Shape.Clone();
        shape[axis] = (int)k;
        ctx.SetOutput(0, x.Type, shape);
        ctx.SetOutput(1, DataType.Int64, shape);
    }

    private long ReadK(Tensor k)
    {
        if (k.Type != DataType.Int64 || k.Length != 1) throw Error($"K must be one int64, got {k.Type}[{ShapeUtil.Format(k.Shape)}].");
        return k.Longs[0];
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var values = ctx.Output(0);
        var indices = ctx.Output(1).Longs;
        int axis = ShapeArgs.Axis(Node, _axis, x.Rank);
        int n = x.Shape[axis], k = values.Shape[axis];
        int inner = ShapeArgs.Product(x.Shape, axis + 1, x.Rank), outer = ShapeArgs.Product(x.Shape, 0, axis);
        var order = new int[n];
        var keys = new double[n];
        // Larger first (or smaller), then lower index: a total order, so the sort is stable in effect.
        Comparison<int> compare = _largest
            ? (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b)
            : (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int src = o * n * inner + i, dst = o * k * inner + i;
                for (int j = 0; j < n; j++)
                {
                    order[j] = j;
                    keys[j] = x.GetDouble(src + j * inner);
                }
                Array.Sort(order, compare);
                for (int j = 0; j < k; j++)
                {
                    indices[dst + j * inner] = order[j];
                    if (x.Type == DataType.Float32) values.Floats[dst + j * inner] = x.Floats[src + order[j] * inner];
                    else values.Longs[dst + j * inner] = x.Longs[src + order[j] * inner];
                }
            }
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var gx = Tensor.Zeros(DataType.Float32, shape);
        if (ctx.OutputGrad(0) is { } gy)
        {
            var indices = ctx.Output(1).Longs;
            int axis = ShapeArgs.Axis(Node, _axis, shape.Length);
            int n = shape[axis], k = gy.Shape[axis];
            int inner = ShapeArgs.Product(shape, axis + 1, shape.Length), outer = ShapeArgs.Product(shape, 0, axis);
            var g = gy.Floats;
            var dx = gx.Floats;
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < k; j++)
                    for (int i = 0; i < inner; i++)
                    {
                        int at = (o * k + j) * inner + i;
                        dx[(o * n + (int)indices[at]) * inner + i] += g[at];
                    }
        }
        ctx.SetInputGrad(0, gx);
    }
}
