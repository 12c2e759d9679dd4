using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// A QuantizeLinear whose input is a Conv of DequantizeLinear outputs (x, w and an optional int32
/// bias), computed as ONNX Runtime computes that pattern once its QDQ transformer has fused it into
/// QLinearConv: the integer products summed exactly, the int32 bias added, times the float32
/// multiplier x_scale·w_scale / y_scale in float32, rounded half to even, plus y_zero_point,
/// saturated. Quantizing the float convolution instead rounds values that sit on a rounding
/// boundary to either side, by the accumulation order. Made by <see cref="QdqConvRewrite"/>, never
/// read from a file; where its float input is not the convolution's own output (a value re-run from a
/// replacement), the float input's quantization stands. Inputs: the float Conv output, or its Relu where the rewrite absorbed one (for its
/// shape and the backward; saturation at y_zero_point 0 is that Relu), x_q, x_scale,
/// x_zero_point, w_q, w_scale, w_zero_point, y_scale, y_zero_point, bias_q (optional); attributes
/// are the Conv's. Backward is QuantizeLinear's straight-through dy / y_scale to the float Conv
/// output, so gradients take the float path as before the rewrite.
/// </summary>
internal sealed class RequantizedConv : Operator
{
    /// <summary>The op type (in domain <see cref="Domain"/>) the rewrite gives the node.</summary>
    public const string OpType = "RequantizedConv";

    public const string Domain = "com.camsharp";

    private readonly IntegerConv _conv;
    private readonly QuantizedType _type;

    public RequantizedConv(Node node) : base(node)
    {
        if (node.Domain != Domain) throw Error($"operator '{OpType}' is internal to CamSharp (domain {Domain}), not an ONNX operator.");
        if (node.Inputs.Length is < 9 or > 10) throw Error($"expected 9 or 10 inputs, got {node.Inputs.Length}");
        _conv = new IntegerConv(node);
        _type = QuantizedType.Of(node, 8);
    }

    public override void Infer(InferContext ctx)
    {
        var shape = _conv.Infer(ctx.Shape(1), ctx.Shape(4), ctx.Constant(4) is not null);
        if (!ShapeUtil.Equal(shape, ctx.Shape(0)))
            throw Error($"the integer convolution gives [{ShapeUtil.Format(shape)}], the float one [{ShapeUtil.Format(ctx.Shape(0))}]");
        if (ctx.HasInput(9) && !ShapeUtil.Equal(ctx.Shape(9), [shape[1]]))
            throw Error($"bias has shape [{ShapeUtil.Format(ctx.Shape(9))}], expected [{shape[1]}]");
        ctx.SetOutput(0, DataType.Int64, shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var y = ctx.Output(0);
        // Float64 accumulation: the integer sums are exact whatever their size (float32 only below 2^24).
        using var sums = _conv.Forward(ctx.Input(1), ctx.Input(3), ctx.Input(4), ctx.Input(6), y.Shape, precise: true, this);
        int channels = y.Shape[1];
        var multiplier = Requantization.Multipliers(this, ctx.Input(2), ctx.Input(5), ctx.Input(7), channels, "w_scale");
        long zeroPoint = (long)QuantizedValues.Scalar(this, ctx.Input(8), "y_zero_point");
        Requantization.ApplyInFloat32(sums.Floats, multiplier, ctx.OptionalInput(9), zeroPoint, _type, channels,
            ShapeUtil.Size(y.Shape.AsSpan(2)), y.Longs);
        Requantization.KeepWhereFloatAgrees(ctx.Input(0).Floats, QuantizedValues.Scalar(this, ctx.Input(7), "y_scale"), zeroPoint, _type, y.Longs);
    }

    public override void Backward(BackwardContext ctx)
    {
        // x_q's gradient reaches it through the float Conv and its DequantizeLinear.
        if (ctx.NeedsInputGrad(0)) ctx.SetInputGrad(0, Requantization.StraightThrough(this, ctx, 7));
    }
}
