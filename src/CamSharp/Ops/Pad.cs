using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Pad. Before opset 11 pads and value are attributes; from 11 pads (constant) and
/// constant_value are inputs, and from 18 an axes input selects the padded dims. Modes
/// constant, reflect, edge and wrap (19); negative pads crop. Each output element copies at
/// most one input element, so backward scatters the output gradient back through that map.
/// Any element type pads (integer and bool tensors too); gradients are float only.
/// </summary>
internal sealed class Pad : Operator
{
    private enum Mode { Constant, Reflect, Edge, Wrap }

    private readonly int _opset;
    private readonly Mode _mode;

    public Pad(Node node, int opset) : base(node)
    {
        _opset = opset;
        string mode = node.Attributes.GetString("mode", "constant");
        _mode = mode switch
        {
            "constant" => Mode.Constant,
            "reflect" => Mode.Reflect,
            "edge" => Mode.Edge,
            "wrap" => Mode.Wrap,
            _ => throw Error($"mode '{mode}' is not one of constant, reflect, edge, wrap."),
        };
        if (opset < 11 && node.Attributes.GetInts("pads") is null) throw Error("attribute 'pads' is required before opset 11.");
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        var pads = Pads(x.Shape, _opset >= 11 ? ctx.RequireConstant(1, "pads") : null, _opset >= 18 && ctx.HasInput(3) ? ctx.RequireConstant(3, "axes") : null);
        ctx.SetOutput(0, x.Type, OutputShape(x.Shape, pads));
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        var maps = Maps(x.Shape, y.Shape, _opset >= 11 ? ctx.Input(1) : null, _opset >= 18 ? ctx.OptionalInput(3) : null);
        double value = _opset < 11 ? Node.Attributes.GetFloat("value", 0f)
            : ctx.OptionalInput(2) is { Length: > 0 } v ? v.GetDouble(0) : 0;
        switch (x.Type)
        {
            case DataType.Int64: Copy(x, y, maps, (long)value); break;
            case DataType.Bool: Copy(x, y, maps, value != 0); break;
            default: Copy(x, y, maps, (float)value); break;
        }
    }

    /// <summary>Each output row is a gather from one input row, or the constant.</summary>
    private static void Copy<T>(Tensor x, Tensor y, int[][] maps, T value) where T : unmanaged
    {
        int rank = x.Rank;
        int lastOut = rank == 0 ? 1 : y.Shape[^1], lastIn = rank == 0 ? 1 : x.Shape[^1];
        int rows = lastOut == 0 ? 0 : y.Length / lastOut;
        var lastMap = rank == 0 ? [0] : maps[^1];
        PlaneParallel.For(rows, lastOut, r =>
        {
            var yr = Broadcasting.ElementsOf<T>(y).Slice(r * lastOut, lastOut);
            int src = SourceRow(r, x.Shape, y.Shape, maps);
            if (src < 0)
            {
                yr.Fill(value);
                return;
            }
            ReadOnlySpan<T> xr = Broadcasting.ElementsOf<T>(x).Slice(src * lastIn, lastIn);
            for (int o = 0; o < lastOut; o++) yr[o] = lastMap[o] >= 0 ? xr[lastMap[o]] : value;
        });
    }

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.NeedsInputGrad(2)) throw Error("gradients with respect to constant_value are not supported.");
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var dx = Tensor.Zeros(shape);
        if (ctx.OutputGrad(0) is { } dy && dx.Length > 0)
        {
            var maps = Maps(shape, dy.Shape, _opset >= 11 ? ctx.Input(1) : null, _opset >= 18 ? ctx.OptionalInput(3) : null);
            int rank = shape.Length;
            int lastOut = rank == 0 ? 1 : dy.Shape[^1], lastIn = rank == 0 ? 1 : shape[^1];
            int rows = lastOut == 0 ? 0 : dy.Length / lastOut;
            var lastMap = rank == 0 ? [0] : maps[^1];
            // Sequential: edge and reflect send several output rows to one input row.
            for (int r = 0; r < rows; r++)
            {
                int src = SourceRow(r, shape, dy.Shape, maps);
                if (src < 0) continue;
                ReadOnlySpan<float> dyr = dy.Floats.Slice(r * lastOut, lastOut);
                var dxr = dx.Floats.Slice(src * lastIn, lastIn);
                for (int o = 0; o < lastOut; o++)
                    if (lastMap[o] >= 0) dxr[lastMap[o]] += dyr[o];
            }
        }
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>The input row (flat index over all dims but the last) that output row <paramref name="r"/> reads, or −1 for padding.</summary>
    private static int SourceRow(int r, int[] inShape, int[] outShape, int[][] maps)
    {
        int src = 0, stride = 1;
        for (int d = outShape.Length - 2; d >= 0; d--)
        {
            int s = maps[d][r % outShape[d]];
            if (s < 0) return -1;
            r /= outShape[d];
            src += s * stride;
            stride *= inShape[d];
        }
        return src;
    }

    /// <summary>Per dim, the input index each output index reads (−1: the constant).</summary>
    private int[][] Maps(int[] inShape, int[] outShape, Tensor? padsInput, Tensor? axesInput)
    {
        var (begin, _) = Pads(inShape, padsInput, axesInput);
        var maps = new int[inShape.Length][];
        for (int d = 0; d < inShape.Length; d++)
        {
            maps[d] = new int[outShape[d]];
            for (int o = 0; o < outShape[d]; o++) maps[d][o] = Source(o - begin[d], inShape[d]);
        }
        return maps;
    }

    /// <summary>Input index for position <paramref name="c"/> relative to the input start, or −1 for the constant.</summary>
    private int Source(int c, int n)
    {
        if (c >= 0 && c < n) return c;
        switch (_mode)
        {
            case Mode.Edge: return Math.Clamp(c, 0, n - 1);
            case Mode.Wrap: return ((c % n) + n) % n;
            case Mode.Reflect:
                if (n == 1) return 0;
                int period = 2 * (n - 1), m = ((c % period) + period) % period;
                return m < n ? m : period - m;
            default: return -1;
        }
    }

    private (int[] Begin, int[] End) Pads(int[] shape, Tensor? padsInput, Tensor? axesInput)
    {
        int rank = shape.Length;
        long[] pads = padsInput?.ToLongArray() ?? Node.Attributes.GetInts("pads") ?? [];
        long[] axes = axesInput?.ToLongArray() ?? Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        if (pads.Length != 2 * axes.Length)
            throw Error($"pads has {pads.Length} values, expected {2 * axes.Length} for input [{ShapeUtil.Format(shape)}]{(axesInput is null ? "" : $" and {axes.Length} axes")}.");
        var begin = new int[rank];
        var end = new int[rank];
        for (int i = 0; i < axes.Length; i++)
        {
            long a = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (a < 0 || a >= rank) throw Error($"axis {axes[i]} is out of range for input [{ShapeUtil.Format(shape)}].");
            begin[a] = checked((int)pads[i]);
            end[a] = checked((int)pads[i + axes.Length]);
        }
        return (begin, end);
    }

    private int[] OutputShape(int[] shape, (int[] Begin, int[] End) pads)
    {
        var output = new int[shape.Length];
        for (int d = 0; d < shape.Length; d++)
        {
            output[d] = shape[d] + pads.Begin[d] + pads.End[d];
            if (output[d] < 0)
                throw Error($"pads ({pads.Begin[d]}, {pads.End[d]}) crop more than dim {d} of input [{ShapeUtil.Format(shape)}] holds.");
            if (shape[d] == 0 && output[d] > 0 && _mode != Mode.Constant)
                throw Error($"dim {d} of input [{ShapeUtil.Format(shape)}] is empty: nothing to pad from in mode {_mode}.");
        }
        return output;
    }
}
