using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX MatMulInteger: Y = (A − a_zero_point)(B − b_zero_point) as int32, held as Int64;
/// a_zero_point per tensor or per row, b_zero_point per tensor or per column. Sums run in
/// float32 on the centred integers (exact below 2^24). Backward is MatMul's on the centred
/// values for both operands (straight-through estimator).
/// </summary>
internal sealed class MatMulInteger : Operator
{
    private readonly IntegerMatMul _product;

    public MatMulInteger(Node node) : base(node) => _product = new IntegerMatMul(this);

    public override void Infer(InferContext ctx)
    {
        QuantizedValues.RequireNumeric(this, ctx.Input(0), "A");
        QuantizedValues.RequireNumeric(this, ctx.Input(1), "B");
        ctx.SetOutput(0, DataType.Int64, _product.Infer(ctx.Shape(0), ctx.Shape(1)));
    }

    public override void Forward(ForwardContext ctx)
    {
        var y = ctx.Output(0);
        using var ac = _product.CenteredA(ctx.Input(0), ctx.OptionalInput(2));
        using var bc = _product.CenteredB(ctx.Input(1), ctx.OptionalInput(3));
        using var sums = _product.Forward(ac, bc, y.Shape, ctx.Precise);
        var s = sums.Floats;
        var l = y.Longs;
        for (int i = 0; i < l.Length; i++) l[i] = (long)MathF.Round(s[i]);
    }

    public override void Backward(BackwardContext ctx)
    {
        bool needA = ctx.NeedsInputGrad(0), needB = ctx.NeedsInputGrad(1);
        if (!needA && !needB) return;
        if (ctx.OutputGrad(0) is not { } dy)
        {
            if (needA) ctx.SetInputGrad(0, Tensor.Zeros(DataType.Float32, ctx.InputInfo(0).Shape));
            if (needB) ctx.SetInputGrad(1, Tensor.Zeros(DataType.Float32, ctx.InputInfo(1).Shape));
            return;
        }
        using var ac = _product.CenteredA(ctx.Input(0), ctx.OptionalInput(2));
        using var bc = _product.CenteredB(ctx.Input(1), ctx.OptionalInput(3));
        var (da, db) = _product.Backward(ac, bc, dy, needA, needB);
        if (da is not null) ctx.SetInputGrad(0, da);
        if (db is not null) ctx.SetInputGrad(1, db);
    }
}
