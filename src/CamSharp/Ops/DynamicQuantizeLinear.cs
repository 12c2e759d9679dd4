using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// ONNX DynamicQuantizeLinear: quantizes X to uint8 with a scale and zero point taken from
/// X's own range widened to include 0: scale = (max − min) / 255 (1 when the range is empty,
/// as ONNX Runtime does), zero point = saturate(round_half_even(−min / scale)),
/// Y = saturate(round_half_even(X / scale) + zero point). Y and the zero point are Int64
/// holding uint8 values. Backward is straight through: dX = dY / scale, with the scale and
/// zero point treated as constants.
/// </summary>
internal sealed class DynamicQuantizeLinear : Operator
{
    public DynamicQuantizeLinear(Node node) : base(node) { }

    /// <summary>Backward reads the scale output.</summary>
    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32) throw Error($"x is {x.Type}, expected Float32");
        ctx.SetOutput(0, DataType.Int64, x.Shape);
        ctx.SetOutput(1, DataType.Float32, []);
        ctx.SetOutput(2, DataType.Int64, []);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0).Floats;
        var (scale, zeroPoint) = Parameters(x);
        var y = ctx.Output(0).Longs;
        var type = QuantizedType.UInt8;
        for (int i = 0; i < x.Length; i++) y[i] = type.Quantize(x[i] / scale, zeroPoint);
        ctx.Output(1).Floats[0] = scale;
        ctx.Output(2).Longs[0] = zeroPoint;
    }

    /// <summary>The scale and zero point for data <paramref name="x"/>.</summary>
    internal static (float Scale, long ZeroPoint) Parameters(ReadOnlySpan<float> x)
    {
        float min = x.Length == 0 ? 0 : MathF.Min(0, TensorPrimitives.Min(x));
        float max = x.Length == 0 ? 0 : MathF.Max(0, TensorPrimitives.Max(x));
        float scale = max == min ? 1f : (max - min) / 255f;
        float initial = Math.Clamp(0f - min / scale, 0f, 255f);
        return (scale, (long)Math.Round(initial, MidpointRounding.ToEven));
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var dx = Tensor.Zeros(DataType.Float32, ctx.InputInfo(0).Shape);
        if (ctx.OutputGrad(0) is { } dy)
            TensorPrimitives.Divide(dy.Floats, ctx.Output(1).Floats[0], dx.Floats);
        ctx.SetInputGrad(0, dx);
    }
}
