using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>
/// The integer type a quantizing operator writes (uint8, int8, uint16, int16, uint4, int4),
/// held by the engine as Int64 values inside the type's range. The spec takes it from the
/// zero point's element type, or from <c>output_dtype</c> (opset 21); the model reader
/// writes the zero point's type into <c>output_dtype</c> when the file leaves it implicit,
/// because the engine widens every integer type to Int64 and cannot tell them apart later.
/// </summary>
internal readonly record struct QuantizedType(long Min, long Max, string Name)
{
    public static readonly QuantizedType UInt8 = new(0, 255, "UINT8");
    public static readonly QuantizedType Int8 = new(-128, 127, "INT8");

    /// <summary>The type for an ONNX <c>TensorProto.DataType</c> code, or null when it is no quantized integer type.</summary>
    public static QuantizedType? FromOnnx(long code) => code switch
    {
        2 => UInt8,
        3 => Int8,
        4 => new QuantizedType(0, 65535, "UINT16"),
        5 => new QuantizedType(-32768, 32767, "INT16"),
        21 => new QuantizedType(0, 15, "UINT4"),
        22 => new QuantizedType(-8, 7, "INT4"),
        _ => null,
    };

    /// <summary>
    /// The output type of a node whose zero point is input <paramref name="zeroPointInput"/>:
    /// <c>output_dtype</c> when set, uint8 when there is no zero point (the spec's default).
    /// </summary>
    public static QuantizedType Of(Node node, int zeroPointInput)
    {
        long code = node.Attributes.GetInt("output_dtype", 0);
        if (code != 0)
            return FromOnnx(code) ?? throw new ModelException($"{node}: output_dtype {code} is not a quantized integer type CamSharp supports (uint8, int8, uint16, int16, uint4, int4).");
        bool hasZeroPoint = node.Inputs.Length > zeroPointInput && node.Inputs[zeroPointInput].Length > 0;
        if (!hasZeroPoint) return UInt8;
        throw new ModelException($"{node}: the element type of zero point '{node.Inputs[zeroPointInput]}' is not declared in the model, " +
            "so the output's integer range (uint8 or int8) is unknown.");
    }

    /// <summary>round-half-to-even(v) + zeroPoint, saturated to the range.</summary>
    public long Saturate(double rounded) => (long)Math.Clamp(rounded, Min, Max);

    /// <summary>Rounds half to even, adds the zero point and saturates (NaN becomes the zero point, as in ONNX Runtime).</summary>
    public long Quantize(float scaled, long zeroPoint)
    {
        if (float.IsNaN(scaled)) return Math.Clamp(zeroPoint, Min, Max);
        return Saturate(Math.Round((double)scaled, MidpointRounding.ToEven) + zeroPoint);
    }
}
