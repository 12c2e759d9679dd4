using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// The last step of QLinearConv and QLinearMatMul: integer sums (plus an int32 bias) times
/// the multiplier x_scale·w_scale / y_scale, rounded half to even, plus y_zero_point,
/// saturated — as the ONNX reference computes it (float32 multiplier, float64 product).
/// The multiplier is per tensor or per output channel; <see cref="Multipliers"/> gives it
/// per element run for the straight-through backward (dy times the multiplier).
/// </summary>
internal static class Requantization
{
    /// <summary>a_scale · b_scale[j] / y_scale for each of <paramref name="count"/> channels (one when all scales are scalars).</summary>
    public static float[] Multipliers(Operator op, Tensor aScale, Tensor bScale, Tensor yScale, int count, string bWhat)
    {
        float a = QuantizedValues.Scalar(op, aScale, "the input scale");
        float y = QuantizedValues.Scalar(op, yScale, "y_scale");
        if (bScale.Length != 1 && bScale.Length != count)
            throw new ModelException($"{op.Node}: {bWhat} has shape [{ShapeUtil.Format(bScale.Shape)}], expected a scalar or [{count}].");
        var r = new float[bScale.Length];
        for (int j = 0; j < r.Length; j++) r[j] = a * (float)bScale.GetDouble(j) / y;
        return r;
    }

    /// <summary>
    /// Writes y[i] = saturate(round((sums[i] + bias[c]) · multiplier[c]) + zeroPoint), where c is
    /// element i's channel: (i / inner) % channels.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> sums, float[] multiplier, Tensor? bias, long zeroPoint, QuantizedType type,
        int channels, int inner, Span<long> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            int c = (i / inner) % channels;
            double s = sums[i] + (bias is null ? 0 : QuantizedValues.Integer(bias, c));
            double v = Math.Round(s * multiplier[multiplier.Length == 1 ? 0 : c], MidpointRounding.ToEven) + zeroPoint;
            y[i] = type.Saturate(double.IsNaN(v) ? zeroPoint : v);
        }
    }

    /// <summary>
    /// As <see cref="Apply"/>, but the way ONNX Runtime's MLAS requantizes (MlasRequantizeOutput):
    /// the biased sum converted to float32 and multiplied in float32, then rounded half to even.
    /// A float64 product of the same operands rounds the other way when the float32 one lands on .5.
    /// </summary>
    public static void ApplyInFloat32(ReadOnlySpan<float> sums, float[] multiplier, Tensor? bias, long zeroPoint, QuantizedType type,
        int channels, int inner, Span<long> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            int c = (i / inner) % channels;
            float s = (float)((double)sums[i] + (bias is null ? 0 : QuantizedValues.Integer(bias, c)));
            float v = s * multiplier[multiplier.Length == 1 ? 0 : c];
            y[i] = float.IsNaN(v) ? Math.Clamp(zeroPoint, type.Min, type.Max) : type.Saturate(Math.Round((double)v, MidpointRounding.ToEven) + zeroPoint);
        }
    }

    /// <summary>How far (in quantization steps) from a rounding boundary a float value may be for an integer result to decide.</summary>
    private const float BoundaryWindow = 0.01f;

    /// <summary>
    /// For <see cref="RequantizedConv"/> and <see cref="RequantizedMatMul"/>: the integer result refines the
    /// float value's rounding, it does not replace the float value. Where QuantizeLinear of the float input
    /// gives another integer and that float is not within <see cref="BoundaryWindow"/> of a rounding boundary,
    /// the float input is not the product's own output (a re-run from a replaced value downstream of the
    /// integer operands, as ablation makes), and its quantization is kept.
    /// </summary>
    public static void KeepWhereFloatAgrees(ReadOnlySpan<float> input, float scale, long zeroPoint, QuantizedType type, Span<long> y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            float scaled = input[i] / scale;
            long fromFloat = type.Quantize(scaled, zeroPoint);
            if (fromFloat == y[i]) continue;
            float fraction = scaled - MathF.Floor(scaled);
            if (Math.Abs(fromFloat - y[i]) > 1 || Math.Abs(fraction - 0.5f) > BoundaryWindow) y[i] = fromFloat;
        }
    }

    /// <summary>QuantizeLinear's straight-through gradient of input 0: dy / y_scale, y_scale being input <paramref name="scaleInput"/>.</summary>
    public static Tensor StraightThrough(Operator op, BackwardContext ctx, int scaleInput)
    {
        var dx = Tensor.Zeros(DataType.Float32, ctx.InputInfo(0).Shape);
        if (ctx.OutputGrad(0) is { } dy)
            System.Numerics.Tensors.TensorPrimitives.Divide(dy.Floats, QuantizedValues.Scalar(op, ctx.Input(scaleInput), "y_scale"), dx.Floats);
        return dx;
    }

    /// <summary>dy scaled by each element's multiplier (same channel rule as <see cref="Apply"/>).</summary>
    public static Tensor ScaleGradient(Tensor dy, float[] multiplier, int channels, int inner)
    {
        var d = Tensor.Uninitialized(DataType.Float32, dy.Shape);
        var g = dy.Floats;
        var o = d.Floats;
        for (int i = 0; i < o.Length; i++) o[i] = g[i] * multiplier[multiplier.Length == 1 ? 0 : (i / inner) % channels];
        return d;
    }
}
