using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// <see cref="RequantizedConv"/>'s counterpart for MatMul: a QuantizeLinear of MatMul(DequantizeLinear(a),
/// DequantizeLinear(b)) computed as ONNX Runtime's QLinearMatMul computes the fused pattern: exact
/// integer sums, times the float32 multiplier a_scale·b_scale / y_scale in float32, rounded half to
/// even, plus y_zero_point, saturated. Made by <see cref="QdqConvRewrite"/>, never read from a file.
/// Inputs: the float MatMul output (or its Relu), a_q, a_scale, a_zero_point, b_q, b_scale (per tensor
/// or per column), b_zero_point, y_scale, y_zero_point. Where the float input is not the product's own
/// output (a re-run from a replaced value), its quantization stands. Backward is QuantizeLinear's
/// straight-through dy / y_scale to the float input.
/// </summary>
internal sealed class RequantizedMatMul : Operator
{
    public const string OpType = "RequantizedMatMul";

    private readonly IntegerMatMul _product;
    private readonly QuantizedType _type;

    public RequantizedMatMul(Node node) : base(node)
    {
        if (node.Domain != RequantizedConv.Domain)
            throw Error($"operator '{OpType}' is internal to CamSharp (domain {RequantizedConv.Domain}), not an ONNX operator.");
        if (node.Inputs.Length != 9) throw Error($"expected 9 inputs, got {node.Inputs.Length}");
        _product = new IntegerMatMul(this);
        _type = QuantizedType.Of(node, 8);
    }

    public override void Infer(InferContext ctx)
    {
        var shape = _product.Infer(ctx.Shape(1), ctx.Shape(4));
        if (!ShapeUtil.Equal(shape, ctx.Shape(0)))
            throw Error($"the integer product gives [{ShapeUtil.Format(shape)}], the float one [{ShapeUtil.Format(ctx.Shape(0))}]");
        ctx.SetOutput(0, DataType.Int64, shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var y = ctx.Output(0);
        using var ac = _product.CenteredA(ctx.Input(1), ctx.OptionalInput(3));
        using var bc = _product.CenteredB(ctx.Input(4), ctx.OptionalInput(6));
        // Float64 accumulation: the integer sums are exact whatever their size.
        using var sums = _product.Forward(ac, bc, y.Shape, precise: true);
        int columns = y.Shape.Length == 0 ? 1 : y.Shape[^1];
        var multiplier = Requantization.Multipliers(this, ctx.Input(2), ctx.Input(5), ctx.Input(7), columns, "b_scale");
        long zeroPoint = (long)QuantizedValues.Scalar(this, ctx.Input(8), "y_zero_point");
        Requantization.ApplyInFloat32(sums.Floats, multiplier, null, zeroPoint, _type, columns, 1, y.Longs);
        Requantization.KeepWhereFloatAgrees(ctx.Input(0).Floats, QuantizedValues.Scalar(this, ctx.Input(7), "y_scale"), zeroPoint, _type, y.Longs);
    }

    public override void Backward(BackwardContext ctx)
    {
        // a_q's gradient reaches it through the float MatMul and its DequantizeLinear.
        if (ctx.NeedsInputGrad(0)) ctx.SetInputGrad(0, Requantization.StraightThrough(this, ctx, 7));
    }
}
