using CamSharp.Onnx;
using CamSharp.Tensors;

namespace CamSharp.Tests.Conformance;

/// <summary>
/// ONNX's backend test rule: same element type, same shape, then
/// <c>numpy.testing.assert_allclose(actual, expected, rtol=1e-3, atol=1e-7)</c> for floats
/// (NaN matches NaN, infinities must match exactly; float16 compared at float16 precision,
/// bfloat16 within one bfloat16 step) and exact equality for integers and bools.
/// </summary>
public static class ConformanceComparison
{
    private const double Rtol = 1e-3, Atol = 1e-7;

    /// <summary>Null when <paramref name="actual"/> (returned as <paramref name="actualType"/>) matches, else what differs.</summary>
    public static string? Difference(OnnxTensor expected, Tensor actual, string actualType)
    {
        if (expected.OnnxType != actualType) return $"element type {actualType}, expected {expected.OnnxType}";
        var e = expected.Value;
        if (!e.Shape.AsSpan().SequenceEqual(actual.Shape))
            return $"shape [{ShapeUtil.Format(actual.Shape)}], expected [{ShapeUtil.Format(e.Shape)}]";
        if (e.Type != actual.Type) return $"engine type {actual.Type}, expected {e.Type}";
        bool half = actualType == "FLOAT16", brain = actualType == "BFLOAT16";
        int bad = 0, first = -1;
        for (int i = 0; i < e.Length; i++)
        {
            bool same = e.Type switch
            {
                DataType.Float32 when brain => WithinOneBFloat16Step(e.Floats[i], actual.Floats[i]),
                DataType.Float32 => Close(Round(e.Floats[i], half), Round(actual.Floats[i], half)),
                DataType.Int64 => e.Longs[i] == actual.Longs[i],
                _ => e.Bools[i] == actual.Bools[i],
            };
            if (same) continue;
            if (bad++ == 0) first = i;
        }
        return bad == 0 ? null
            : $"{bad} of {e.Length} elements differ; first at flat index {first}: got {actual.GetDouble(first)}, expected {e.GetDouble(first)}";
    }

    /// <summary>
    /// ONNX 1.12 made its bfloat16 references by truncating float32; ONNX 1.14 and later, ONNX
    /// Runtime and PyTorch round to nearest even, as CamSharp does. The two differ by at most one
    /// bfloat16 step, which is all this allows.
    /// </summary>
    private static bool WithinOneBFloat16Step(float expected, float actual)
    {
        if (float.IsNaN(expected) || float.IsNaN(actual) || float.IsInfinity(expected)) return Close(expected, actual);
        uint bits = BitConverter.SingleToUInt32Bits(expected) & 0x7F800000u; // the exponent alone: 2^e
        double step = Math.Max(BitConverter.UInt32BitsToSingle(bits) / 128.0, float.Epsilon);
        return Math.Abs((double)actual - expected) <= step;
    }

    private static double Round(float value, bool half) => half ? (double)(Half)value : value;

    private static bool Close(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual)) return double.IsNaN(expected) && double.IsNaN(actual);
        if (double.IsInfinity(expected) || double.IsInfinity(actual)) return expected == actual;
        return Math.Abs(actual - expected) <= Atol + Rtol * Math.Abs(expected);
    }
}
