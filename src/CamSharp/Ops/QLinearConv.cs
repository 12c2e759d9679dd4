using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX QLinearConv: inputs x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale,
/// y_zero_point and an optional int32 bias B; y = saturate(round((conv(x − x_zp, w − w_zp) + B)
/// · x_scale·w_scale / y_scale) + y_zp), w_scale and w_zp per tensor or per output channel.
/// Integers are held as Int64. Backward is straight through: the float convolution's input
/// gradient of dy times the multiplier, on the centred weights.
/// </summary>
internal sealed class QLinearConv : Operator
{
    private readonly IntegerConv _conv;
    private readonly QuantizedType _type;

    public QLinearConv(Node node) : base(node)
    {
        _conv = new IntegerConv(node);
        _type = QuantizedType.Of(node, 7);
    }

    public override void Infer(InferContext ctx)
    {
        QuantizedValues.RequireNumeric(this, ctx.Input(0), "x");
        QuantizedValues.RequireNumeric(this, ctx.Input(3), "w");
        var shape = _conv.Infer(ctx.Shape(0), ctx.Shape(3), ctx.Constant(3) is not null);
        if (ctx.HasInput(8) && !ShapeUtil.Equal(ctx.Shape(8), [shape[1]]))
            throw Error($"B has shape [{ShapeUtil.Format(ctx.Shape(8))}], expected [{shape[1]}]");
        ctx.SetOutput(0, DataType.Int64, shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var y = ctx.Output(0);
        using var sums = _conv.Forward(ctx.Input(0), ctx.Input(2), ctx.Input(3), ctx.Input(5), y.Shape, ctx.Precise, this);
        var multiplier = Multipliers(ctx.Input(1), ctx.Input(4), ctx.Input(6), y.Shape[1]);
        long zeroPoint = (long)QuantizedValues.Scalar(this, ctx.Input(7), "y_zero_point");
        Requantization.Apply(sums.Floats, multiplier, ctx.OptionalInput(8), zeroPoint, _type, y.Shape[1], Inner(y.Shape), y.Longs);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.NeedsInputGrad(3)) throw Error("gradients of the weights are not supported (they are model constants)");
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        if (ctx.OutputGrad(0) is not { } dy)
        {
            ctx.SetInputGrad(0, Tensor.Zeros(DataType.Float32, shape));
            return;
        }
        var multiplier = Multipliers(ctx.Input(1), ctx.Input(4), ctx.Input(6), dy.Shape[1]);
        using var scaled = Requantization.ScaleGradient(dy, multiplier, dy.Shape[1], Inner(dy.Shape));
        ctx.SetInputGrad(0, _conv.BackwardData(scaled, shape, ctx.Input(3), ctx.Input(5), ctx.Precise, this));
    }

    private float[] Multipliers(Tensor xScale, Tensor wScale, Tensor yScale, int channels) =>
        Requantization.Multipliers(this, xScale, wScale, yScale, channels, "w_scale");

    private static int Inner(int[] shape) => ShapeUtil.Size(shape.AsSpan(2));
}
