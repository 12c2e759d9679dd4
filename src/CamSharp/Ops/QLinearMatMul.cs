using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX QLinearMatMul: inputs a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale,
/// y_zero_point; y = saturate(round((a − a_zp)(b − b_zp) · a_scale·b_scale / y_scale) + y_zp),
/// with b's scale and zero point per tensor or per column. Integers are held as Int64.
/// Backward is straight through: MatMul's gradients of dy times the multiplier, on the
/// centred operands.
/// </summary>
internal sealed class QLinearMatMul : Operator
{
    private readonly IntegerMatMul _product;
    private readonly QuantizedType _type;

    public QLinearMatMul(Node node) : base(node)
    {
        _product = new IntegerMatMul(this);
        _type = QuantizedType.Of(node, 7);
    }

    public override void Infer(InferContext ctx)
    {
        QuantizedValues.RequireNumeric(this, ctx.Input(0), "a");
        QuantizedValues.RequireNumeric(this, ctx.Input(3), "b");
        ctx.SetOutput(0, DataType.Int64, _product.Infer(ctx.Shape(0), ctx.Shape(3)));
    }

    public override void Forward(ForwardContext ctx)
    {
        var y = ctx.Output(0);
        using var ac = _product.CenteredA(ctx.Input(0), ctx.Input(2));
        using var bc = _product.CenteredB(ctx.Input(3), ctx.Input(5));
        using var sums = _product.Forward(ac, bc, y.Shape, ctx.Precise);
        int columns = Columns(y.Shape);
        var multiplier = Requantization.Multipliers(this, ctx.Input(1), ctx.Input(4), ctx.Input(6), columns, "b_scale");
        long zeroPoint = (long)QuantizedValues.Scalar(this, ctx.Input(7), "y_zero_point");
        Requantization.Apply(sums.Floats, multiplier, null, zeroPoint, _type, columns, 1, y.Longs);
    }

    public override void Backward(BackwardContext ctx)
    {
        bool needA = ctx.NeedsInputGrad(0), needB = ctx.NeedsInputGrad(3);
        if (!needA && !needB) return;
        if (ctx.OutputGrad(0) is not { } dy)
        {
            if (needA) ctx.SetInputGrad(0, Tensor.Zeros(DataType.Float32, ctx.InputInfo(0).Shape));
            if (needB) ctx.SetInputGrad(3, Tensor.Zeros(DataType.Float32, ctx.InputInfo(3).Shape));
            return;
        }
        int columns = Columns(dy.Shape);
        var multiplier = Requantization.Multipliers(this, ctx.Input(1), ctx.Input(4), ctx.Input(6), columns, "b_scale");
        using var scaled = Requantization.ScaleGradient(dy, multiplier, columns, 1);
        using var ac = _product.CenteredA(ctx.Input(0), ctx.Input(2));
        using var bc = _product.CenteredB(ctx.Input(3), ctx.Input(5));
        var (da, db) = _product.Backward(ac, bc, scaled, needA, needB);
        if (da is not null) ctx.SetInputGrad(0, da);
        if (db is not null) ctx.SetInputGrad(3, db);
    }

    /// <summary>Output columns: the last dim (1 when B is a vector and the product drops it).</summary>
    private static int Columns(int[] shape) => shape.Length == 0 ? 1 : shape[^1];
}
