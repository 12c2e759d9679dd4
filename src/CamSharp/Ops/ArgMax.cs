using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>ArgMax: the index of the largest element along <c>axis</c>.</summary>
public sealed class ArgMax(Node node) : ArgExtremum(node, largest: true);

/// <summary>ArgMin: the index of the smallest element along <c>axis</c>.</summary>
public sealed class ArgMin(Node node) : ArgExtremum(node, largest: false);

/// <summary>
/// ArgMax and ArgMin over float or int64: axis (default 0), keepdims (default 1),
/// select_last_index (default 0: the first of tied extrema). A NaN wins, as in NumPy.
/// The output is int64 indices, so no gradient flows.
/// </summary>
public abstract class ArgExtremum : Operator
{
    private readonly bool _largest;
    private readonly long _axis;
    private readonly bool _keepDims;
    private readonly bool _last;

    protected ArgExtremum(Node node, bool largest) : base(node)
    {
        _largest = largest;
        _axis = node.Attributes.GetInt("axis", 0);
        _keepDims = node.Attributes.GetInt("keepdims", 1) != 0;
        _last = node.Attributes.GetInt("select_last_index", 0) != 0;
    }

    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        Elementwise.RequireType(this, x.Type, "input", DataType.Float32, DataType.Int64);
        int axis = Axis(x.Shape);
        if (x.Shape[axis] == 0) throw Error($"axis {_axis} of input [{ShapeUtil.Format(x.Shape)}] is empty: there is no extremum.");
        var shape = new List<int>(x.Shape);
        if (_keepDims) shape[axis] = 1;
        else shape.RemoveAt(axis);
        ctx.SetOutput(0, DataType.Int64, shape.ToArray());
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0).Longs;
        int axis = Axis(x.Shape);
        var (outer, count, inner) = AxisLayout.Split(x.Shape, axis);
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int start = o * count * inner + j;
                y[o * inner + j] = x.Type == DataType.Int64
                    ? Find(x.Longs, start, count, inner)
                    : Find(x.Floats, start, count, inner);
            }
    }

    private int Find<T>(ReadOnlySpan<T> x, int start, int count, int stride) where T : IComparable<T>
    {
        int best = 0;
        for (int r = 1; r < count; r++)
        {
            int c = x[start + r * stride].CompareTo(x[start + best * stride]);
            if (!_largest) c = -c;
            if (IsNaN(x[start + best * stride])) break;
            if (c > 0 || (_last && c == 0) || IsNaN(x[start + r * stride])) best = r;
        }
        return best;
    }

    private static bool IsNaN<T>(T v) => v is float f && float.IsNaN(f);

    private int Axis(int[] shape) => AxisLayout.Resolve(this, _axis, shape);
}
