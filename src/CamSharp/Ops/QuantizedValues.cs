using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// Reading quantized operands: integer values arrive as Int64 (the engine's widening of
/// uint8/int8/int32), though Float32 holding integral values is accepted too.
/// </summary>
internal static class QuantizedValues
{
    /// <summary>Element <paramref name="i"/> of an integer-valued tensor (Int64 or Float32).</summary>
    public static long Integer(Tensor t, int i) => t.Type switch
    {
        DataType.Int64 => t.Longs[i],
        DataType.Float32 => (long)t.Floats[i],
        _ => throw new ModelException($"expected an integer tensor, got {t.Type}"),
    };

    /// <summary>Checks that an operand holds numbers (Int64 or Float32), naming it in the error.</summary>
    public static void RequireNumeric(Operator op, TensorInfo info, string what)
    {
        if (info.Type == DataType.Bool) throw new ModelException($"{op.Node}: {what} is Bool, expected an integer or float tensor.");
    }

    /// <summary>The values of <paramref name="q"/> minus <paramref name="zeroPoint"/> laid out by <paramref name="layout"/>, as float32 (exact for 8- and 16-bit data).</summary>
    public static Tensor Centered(Tensor q, Tensor? zeroPoint, QuantizationAxis layout)
    {
        var y = Tensor.Uninitialized(DataType.Float32, q.Shape);
        var f = y.Floats;
        if (q.Type == DataType.Int64)
        {
            var l = q.Longs;
            for (int i = 0; i < f.Length; i++) f[i] = l[i];
        }
        else q.Floats.CopyTo(f);
        if (zeroPoint is null) return y;
        layout.ForEachRun(f.Length, (start, count, p, step) =>
        {
            var run = y.Floats.Slice(start, count);
            for (int k = 0; k < count; k++) run[k] -= Integer(zeroPoint, p + k * step);
        });
        return y;
    }

    /// <summary>A scalar or one-element tensor's single value, as a float.</summary>
    public static float Scalar(Operator op, Tensor t, string what)
    {
        if (t.Length != 1) throw new ModelException($"{op.Node}: {what} has shape [{ShapeUtil.Format(t.Shape)}], expected a scalar.");
        return (float)t.GetDouble(0);
    }
}
