using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Range (opset 11): start, start + delta, … while short of limit; scalar inputs,
/// max(ceil((limit − start) / delta), 0) elements of start's type. Inputs are plan-time constants.
/// </summary>
internal sealed class Range(Node node) : Operator(node)
{
    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var start = ctx.RequireConstant(0, "start");
        var limit = ctx.RequireConstant(1, "limit");
        var delta = ctx.RequireConstant(2, "delta");
        ctx.SetOutput(0, start.Type, [Count(start, limit, delta)]);
    }

    public override void Forward(ForwardContext ctx)
    {
        var start = ctx.Input(0);
        var delta = ctx.Input(2);
        var y = ctx.Output(0);
        if (y.Type == DataType.Int64)
        {
            long s = start.Longs[0], d = delta.Longs[0];
            var ys = y.Longs;
            for (int i = 0; i < ys.Length; i++) ys[i] = s + i * d;
        }
        else
        {
            float s = start.Floats[0], d = delta.Floats[0];
            var ys = y.Floats;
            for (int i = 0; i < ys.Length; i++) ys[i] = s + i * d;
        }
    }

    private int Count(Tensor start, Tensor limit, Tensor delta)
    {
        foreach (var t in (ReadOnlySpan<Tensor>)[start, limit, delta])
        {
            if (t.Length != 1) throw Error($"start, limit and delta must be scalars; one has shape [{ShapeUtil.Format(t.Shape)}].");
            if (t.Type != start.Type || t.Type == DataType.Bool) throw Error($"start, limit and delta must share one numeric type; got {start.Type}, {limit.Type}, {delta.Type}.");
        }
        double count;
        if (start.Type == DataType.Int64)
        {
            long s = start.Longs[0], l = limit.Longs[0], d = delta.Longs[0];
            if (d == 0) throw Error("delta is 0.");
            // Exact integer ceil division, in 128 bits: limit − start can overflow 64 (INT64_MIN to INT64_MAX).
            Int128 span = (Int128)l - s, step = d;
            Int128 n = step > 0 ? (span > 0 ? (span + step - 1) / step : 0) : (span < 0 ? (-span - step - 1) / -step : 0);
            count = n > int.MaxValue ? double.PositiveInfinity : (double)n;
        }
        else
        {
            double s = start.Floats[0], l = limit.Floats[0], d = delta.Floats[0];
            if (d == 0) throw Error("delta is 0.");
            count = Math.Max(Math.Ceiling((l - s) / d), 0);
        }
        if (count > int.MaxValue) throw Error($"would produce {count} elements.");
        return (int)count;
    }
}
