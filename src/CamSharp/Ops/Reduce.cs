using System.Buffers;
using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>ONNX ReduceSum: axes an attribute before opset 13, an input from 13.</summary>
internal sealed class ReduceSum(Node node, int opset) : Reduce(node, opset >= 13, ReduceKind.Sum);

/// <summary>ONNX ReduceMean: axes an attribute before opset 18, an input from 18.</summary>
internal sealed class ReduceMean(Node node, int opset) : Reduce(node, opset >= 18, ReduceKind.Mean);

/// <summary>ONNX ReduceMax; the gradient goes to the first maximum of each reduced group.</summary>
internal sealed class ReduceMax(Node node, int opset) : Reduce(node, opset >= 18, ReduceKind.Max);

/// <summary>ONNX ReduceMin; the gradient goes to the first minimum of each reduced group.</summary>
internal sealed class ReduceMin(Node node, int opset) : Reduce(node, opset >= 18, ReduceKind.Min);

internal enum ReduceKind { Sum, Mean, Max, Min }

/// <summary>
/// The Reduce family: keepdims (default 1), axes from the attribute or the (constant) input,
/// empty axes reduce everything unless noop_with_empty_axes=1. When the reduced dims form one
/// block (the usual case) the work is vectorised over an (outer, count, inner) layout;
/// scattered axes fall back to a flat index map. Int64 inputs (shape arithmetic, such as
/// torchvision's resize of the image's size) reduce exactly, without gradient; their mean truncates
/// toward zero, as integer division does in ONNX Runtime.
/// </summary>
internal abstract class Reduce : Operator
{
    private readonly bool _axesFromInput;
    private readonly ReduceKind _kind;
    private readonly bool _keepDims;
    private readonly bool _noopWithEmptyAxes;

    protected Reduce(Node node, bool axesFromInput, ReduceKind kind) : base(node)
    {
        _axesFromInput = axesFromInput;
        _kind = kind;
        _keepDims = node.Attributes.GetInt("keepdims", 1) != 0;
        _noopWithEmptyAxes = node.Attributes.GetInt("noop_with_empty_axes", 0) != 0;
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type is not (DataType.Float32 or DataType.Int64)) throw Error($"input is {x}; only Float32 and Int64 are supported.");
        var axesInput = _axesFromInput && ctx.HasInput(1) ? ctx.RequireConstant(1, "axes") : null;
        var layout = Layout(x.Shape, axesInput);
        if (layout.Count == 0 && _kind is ReduceKind.Max or ReduceKind.Min && ShapeUtil.Size(layout.OutShape) > 0)
            throw Error($"{Node.OpType} over an empty set of values (input {x}) has no value.");
        ctx.SetOutput(0, x.Type, layout.OutShape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        var l = Layout(x.Shape, _axesFromInput ? ctx.OptionalInput(1) : null);
        if (x.Type == DataType.Int64)
        {
            ForwardIntegers(x.Longs, y.Longs, l);
            return;
        }
        if (l.Map is not null) ForwardMapped(x.Floats, y.Floats, l.Map, l.Count);
        else PlaneParallel.For(l.Outer, (long)l.Count * l.Inner, o =>
            ForwardBlock(x.Floats.Slice(o * l.Count * l.Inner, l.Count * l.Inner), y.Floats.Slice(o * l.Inner, l.Inner), l.Count, l.Inner));
    }

    public override BackwardNeeds Needs => _kind is ReduceKind.Max or ReduceKind.Min ? BackwardNeeds.Inputs : BackwardNeeds.None;

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var l = Layout(shape, _axesFromInput ? ctx.OptionalInput(1) : null);
        if (ctx.OutputGrad(0) is not { } dy)
        {
            ctx.SetInputGrad(0, Tensor.Zeros(shape));
            return;
        }
        Tensor dx;
        if (_kind is ReduceKind.Sum or ReduceKind.Mean)
        {
            dx = Tensor.Uninitialized(DataType.Float32, shape);
            float k = _kind == ReduceKind.Mean ? 1f / l.Count : 1f;
            if (l.Map is { } map)
                for (int i = 0; i < map.Length; i++) dx.Floats[i] = dy.Floats[map[i]] * k;
            else PlaneParallel.For(l.Outer, (long)l.Count * l.Inner, o =>
            {
                var dyo = dy.Floats.Slice(o * l.Inner, l.Inner);
                for (int r = 0; r < l.Count; r++) TensorPrimitives.Multiply(dyo, k, dx.Floats.Slice((o * l.Count + r) * l.Inner, l.Inner));
            });
        }
        else
        {
            var x = ctx.Input(0);
            dx = Tensor.Zeros(shape);
            if (l.Map is { } map) BackwardExtremumMapped(x.Floats, dy.Floats, dx.Floats, map);
            else PlaneParallel.For(l.Outer, (long)l.Count * l.Inner, o =>
            {
                int block = l.Count * l.Inner;
                BackwardExtremumBlock(x.Floats.Slice(o * block, block), dy.Floats.Slice(o * l.Inner, l.Inner), dx.Floats.Slice(o * block, block), l.Count, l.Inner);
            });
        }
        ctx.SetInputGrad(0, dx);
    }

    private void ForwardBlock(ReadOnlySpan<float> x, Span<float> y, int count, int inner)
    {
        if (count == 0)
        {
            y.Fill(_kind == ReduceKind.Mean ? float.NaN : 0f);
            return;
        }
        if (inner == 1)
        {
            y[0] = _kind switch
            {
                ReduceKind.Sum => TensorPrimitives.Sum(x),
                ReduceKind.Mean => TensorPrimitives.Sum(x) / count,
                ReduceKind.Max => TensorPrimitives.Max(x),
                _ => TensorPrimitives.Min(x),
            };
            return;
        }
        x[..inner].CopyTo(y);
        for (int r = 1; r < count; r++)
        {
            var row = x.Slice(r * inner, inner);
            if (_kind == ReduceKind.Max) TensorPrimitives.Max(y, row, y);
            else if (_kind == ReduceKind.Min) TensorPrimitives.Min(y, row, y);
            else TensorPrimitives.Add(y, row, y);
        }
        if (_kind == ReduceKind.Mean) TensorPrimitives.Divide(y, count, y);
    }

    private void ForwardMapped(ReadOnlySpan<float> x, Span<float> y, int[] map, int count)
    {
        y.Fill(_kind switch { ReduceKind.Max => float.NegativeInfinity, ReduceKind.Min => float.PositiveInfinity, _ => 0f });
        for (int i = 0; i < map.Length; i++)
        {
            ref float acc = ref y[map[i]];
            float v = x[i];
            if (_kind is ReduceKind.Sum or ReduceKind.Mean) acc += v;
            else if (Better(v, acc)) acc = v;
        }
        if (_kind == ReduceKind.Mean) TensorPrimitives.Divide(y, count, y);
    }

    /// <summary>Exact integer sums and extrema, element by element (integer inputs are small shape tensors).</summary>
    private void ForwardIntegers(ReadOnlySpan<long> x, Span<long> y, ReduceLayout l)
    {
        y.Fill(_kind switch { ReduceKind.Max => long.MinValue, ReduceKind.Min => long.MaxValue, _ => 0 });
        for (int i = 0; i < x.Length; i++)
        {
            int at = l.Map?[i] ?? i / (l.Count * l.Inner) * l.Inner + i % l.Inner;
            y[at] = _kind switch
            {
                ReduceKind.Max => Math.Max(y[at], x[i]),
                ReduceKind.Min => Math.Min(y[at], x[i]),
                _ => checked(y[at] + x[i]),
            };
        }
        if (_kind == ReduceKind.Mean && l.Count > 0)
            for (int o = 0; o < y.Length; o++) y[o] /= l.Count;
    }

    /// <summary>Whether <paramref name="v"/> replaces the extremum so far (strictly better, or the first NaN).</summary>
    private bool Better(float v, float best) =>
        (_kind == ReduceKind.Max ? v > best : v < best) || (float.IsNaN(v) && !float.IsNaN(best));

    private void BackwardExtremumBlock(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int count, int inner)
    {
        var buffer = ArrayPool<int>.Shared.Rent(inner);
        var arg = buffer.AsSpan(0, inner);
        arg.Clear();
        for (int r = 1; r < count; r++)
            for (int j = 0; j < inner; j++)
                if (Better(x[r * inner + j], x[arg[j] * inner + j])) arg[j] = r;
        for (int j = 0; j < inner; j++) dx[arg[j] * inner + j] = dy[j];
        ArrayPool<int>.Shared.Return(buffer);
    }

    private void BackwardExtremumMapped(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int[] map)
    {
        var arg = new int[dy.Length];
        Array.Fill(arg, -1);
        // Ascending flat order visits each group in row-major order of its reduced dims: strict comparison keeps the first.
        for (int i = 0; i < map.Length; i++)
        {
            int o = map[i];
            if (arg[o] < 0 || Better(x[i], x[arg[o]])) arg[o] = i;
        }
        for (int o = 0; o < arg.Length; o++)
            if (arg[o] >= 0) dx[arg[o]] = dy[o];
    }

    /// <summary>The reduction's geometry for an input shape.</summary>
    private sealed record ReduceLayout(int[] OutShape, int Outer, int Count, int Inner, int[]? Map);

    /// <summary>Whether this opset takes the axes as input 1 rather than an attribute.</summary>
    protected bool AxesFromInput => _axesFromInput;

    /// <summary>The axes input when this opset takes axes as an input (null otherwise, or when absent).</summary>
    protected Tensor? AxesInput(Tensor? input1) => _axesFromInput ? input1 : null;

    /// <summary>
    /// For subclasses that reduce whole groups at once: the output shape, the group size, and
    /// for every input element the flat index of the output element (group) it reduces into.
    /// </summary>
    protected (int[] OutShape, int Count, int[] Group) Groups(int[] shape, Tensor? axesInput)
    {
        var l = Layout(shape, axesInput);
        if (l.Map is { } map) return (l.OutShape, l.Count, map);
        var group = new int[ShapeUtil.Size(shape)];
        for (int o = 0, i = 0; o < l.Outer; o++)
            for (int r = 0; r < l.Count; r++)
                for (int j = 0; j < l.Inner; j++) group[i++] = o * l.Inner + j;
        return (l.OutShape, l.Count, group);
    }

    private ReduceLayout Layout(int[] shape, Tensor? axesInput)
    {
        long[] axes = (_axesFromInput ? axesInput?.ToLongArray() : Node.Attributes.GetInts("axes")) ?? [];
        var reduced = new bool[shape.Length];
        if (axes.Length == 0 && !_noopWithEmptyAxes) Array.Fill(reduced, true);
        foreach (long a in axes)
        {
            long n = a < 0 ? a + shape.Length : a;
            if (n < 0 || n >= shape.Length) throw Error($"axis {a} is out of range for input [{ShapeUtil.Format(shape)}].");
            reduced[n] = true;
        }
        var outShape = new List<int>(shape.Length);
        for (int d = 0; d < shape.Length; d++)
            if (!reduced[d]) outShape.Add(shape[d]);
            else if (_keepDims) outShape.Add(1);

        // Dims of size 1 do not matter; the others must be kept* reduced+ kept* for the block layout.
        int outer = 1, count = 1, inner = 1, phase = 0;
        bool block = true;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1) continue;
            if (reduced[d])
            {
                if (phase == 2) block = false;
                phase = 1;
                count *= shape[d];
            }
            else if (phase == 0) outer *= shape[d];
            else
            {
                phase = 2;
                inner *= shape[d];
            }
        }
        if (block) return new ReduceLayout(outShape.ToArray(), outer, count, inner, null);
        return new ReduceLayout(outShape.ToArray(), 0, ShapeUtil.Size(shape) / Math.Max(1, ShapeUtil.Size(outShape.ToArray())), 0, IndexMap(shape, reduced));
    }

    /// <summary>For every input element, the flat index of the output element it reduces into.</summary>
    internal static int[] IndexMap(int[] shape, bool[] reduced)
    {
        var outStrides = new int[shape.Length];
        int stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            outStrides[d] = reduced[d] ? 0 : stride;
            if (!reduced[d]) stride *= shape[d];
        }
        var map = new int[ShapeUtil.Size(shape)];
        var coord = new int[shape.Length];
        int offset = 0;
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = offset;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                offset += outStrides[d];
                if (++coord[d] < shape[d]) break;
                offset -= outStrides[d] * shape[d];
                coord[d] = 0;
            }
        }
        return map;
    }
}
