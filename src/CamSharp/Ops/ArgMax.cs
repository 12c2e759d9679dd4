using System.Buffers;
using System.Numerics;
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
        var y = ctx.Output(0);
        var (outer, count, inner) = AxisLayout.Split(x.Shape, Axis(x.Shape));
        // Row by row over the axis, so memory is read in order (a segmenter's [1, classes, H, W] scores).
        for (int o = 0; o < outer; o++)
        {
            int block = o * count * inner, at = o * inner;
            ParallelChunks.For(inner, (start, n) =>
            {
                if (x.Type == DataType.Int64) Scan(x.Longs.Slice(block, count * inner), y.Longs.Slice(at, inner), count, inner, start, n);
                else Scan(x.Floats.Slice(block, count * inner), y.Longs.Slice(at, inner), count, inner, start, n);
            });
        }
    }

    /// <summary>Indices of the extrema of columns [start, start + n) of a (count × inner) block.</summary>
    private void Scan<T>(ReadOnlySpan<T> x, Span<long> index, int count, int inner, int start, int n) where T : unmanaged, INumber<T>
    {
        var buffer = ArrayPool<T>.Shared.Rent(n);
        var best = buffer.AsSpan(0, n);
        x.Slice(start, n).CopyTo(best);
        index.Slice(start, n).Clear();
        for (int r = 1; r < count; r++)
        {
            var row = x.Slice(r * inner + start, n);
            for (int j = 0; j < n; j++)
                if (Replaces(row[j], best[j]))
                {
                    best[j] = row[j];
                    index[start + j] = r;
                }
        }
        ArrayPool<T>.Shared.Return(buffer);
    }

    /// <summary>Whether <paramref name="v"/>, met later, replaces the extremum so far: strictly better, equal under select_last_index, or the first NaN.</summary>
    private bool Replaces<T>(T v, T best) where T : INumber<T>
    {
        if (T.IsNaN(best)) return false;
        if (T.IsNaN(v)) return true;
        return _largest ? v > best || (_last && v == best) : v < best || (_last && v == best);
    }

    private int Axis(int[] shape) => AxisLayout.Resolve(this, _axis, shape);
}
