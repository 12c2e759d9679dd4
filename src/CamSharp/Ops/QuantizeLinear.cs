using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX QuantizeLinear (opsets 10, 13, 19, 21): y = saturate(round_half_even(x / y_scale) + y_zero_point),
/// per tensor, per <c>axis</c> slice or per <c>block_size</c> block. The output is Int64
/// holding values of the quantized type (<see cref="QuantizedType"/>). Backward is the
/// straight-through estimator: dx = dy / y_scale, ignoring rounding and saturation, so
/// gradients reach the float model beneath a quantized one.
/// </summary>
internal sealed class QuantizeLinear : Operator
{
    private readonly long _axis, _blockSize;
    private readonly QuantizedType _type;

    public QuantizeLinear(Node node) : base(node)
    {
        _axis = node.Attributes.GetInt("axis", 1);
        _blockSize = node.Attributes.GetInt("block_size", 0);
        if (_blockSize < 0) throw Error($"block_size is {_blockSize}, expected 0 or more");
        if (node.Attributes.GetInt("saturate", 1) != 1) throw Error("saturate = 0 applies to float8 outputs, which CamSharp does not hold");
        _type = QuantizedType.Of(node, 2);
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        QuantizedValues.RequireNumeric(this, x, "x");
        Layout(x.Shape, ctx.Shape(1));
        if (ctx.HasInput(2) && !ShapeUtil.Equal(ctx.Shape(2), ctx.Shape(1)))
            throw Error($"y_zero_point has shape [{ShapeUtil.Format(ctx.Shape(2))}], but y_scale has [{ShapeUtil.Format(ctx.Shape(1))}]");
        ctx.SetOutput(0, DataType.Int64, x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        Tensor x = ctx.Input(0), scale = ctx.Input(1), y = ctx.Output(0);
        var zeroPoint = ctx.OptionalInput(2);
        var type = _type;
        Layout(x.Shape, scale.Shape).ForEachRun(x.Length, (start, count, p, step) =>
        {
            var yl = y.Longs.Slice(start, count);
            for (int k = 0; k < count; k++)
            {
                int pi = p + k * step;
                float s = (float)scale.GetDouble(pi);
                long zp = zeroPoint is null ? 0 : QuantizedValues.Integer(zeroPoint, pi);
                float v = x.Type == DataType.Float32 ? x.Floats[start + k] : x.Longs[start + k];
                yl[k] = type.Quantize(v / s, zp);
            }
        });
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var dx = Tensor.Zeros(DataType.Float32, ctx.InputInfo(0).Shape);
        if (ctx.OutputGrad(0) is { } dy)
        {
            var scale = ctx.Input(1);
            Layout(dx.Shape, scale.Shape).ForEachRun(dx.Length, (start, count, p, step) =>
            {
                Span<float> d = dx.Floats.Slice(start, count);
                ReadOnlySpan<float> g = dy.Floats.Slice(start, count);
                for (int k = 0; k < count; k++) d[k] = g[k] / (float)scale.GetDouble(p + k * step);
            });
        }
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>Backward reads only y_scale, which is kept because it is an input.</summary>
    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    private QuantizationAxis Layout(int[] x, int[] scale) => QuantizationAxis.Resolve(this, x, scale, _axis, _blockSize, "y_scale");
}
