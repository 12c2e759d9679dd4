using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX ConvInteger: Y = conv(X − x_zero_point, W − w_zero_point) as int32, held as Int64.
/// Same attributes as Conv; w_zero_point per tensor or per output channel. The sums run in
/// float32 on the centred integers, exact while partial sums stay below 2^24 (a sum of up
/// to 256 full-range uint8 products); beyond that they carry float32 rounding. Backward is
/// the float convolution's on the centred values (straight-through estimator), so a
/// dynamically quantized model can be explained.
/// </summary>
internal sealed class ConvInteger : Operator
{
    private readonly IntegerConv _conv;

    public ConvInteger(Node node) : base(node) => _conv = new IntegerConv(node);

    /// <summary>Backward reads W and its zero point (constants in quantized models).</summary>
    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        QuantizedValues.RequireNumeric(this, ctx.Input(0), "x");
        QuantizedValues.RequireNumeric(this, ctx.Input(1), "w");
        ctx.SetOutput(0, DataType.Int64, _conv.Infer(ctx.Shape(0), ctx.Shape(1), ctx.Constant(1) is not null));
    }

    public override void Forward(ForwardContext ctx)
    {
        var y = ctx.Output(0);
        using var sums = _conv.Forward(ctx.Input(0), ctx.OptionalInput(2), ctx.Input(1), ctx.OptionalInput(3), y.Shape, ctx.Precise, this);
        var s = sums.Floats;
        var l = y.Longs;
        for (int i = 0; i < l.Length; i++) l[i] = (long)MathF.Round(s[i]);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.NeedsInputGrad(1)) throw Error("gradients of the weights are not supported (they are model constants)");
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        if (ctx.OutputGrad(0) is not { } dy)
        {
            ctx.SetInputGrad(0, Tensor.Zeros(DataType.Float32, shape));
            return;
        }
        ctx.SetInputGrad(0, _conv.BackwardData(dy, shape, ctx.Input(1), ctx.OptionalInput(3), ctx.Precise, this));
    }
}
