using CamSharp.Onnx;
using CamSharp.Tensors;

namespace CamSharp.Tests.Conformance;

/// <summary>
/// ONNX's backend test rule: same element type, same shape, then
/// <c>numpy.testing.assert_allclose(actual, expected, rtol=1e-3, atol=1e-7)</c> for floats
/// (NaN matches NaN, infinities must match exactly; float16 compared at float16 precision)
/// and exact equality for integers and bools.
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
        bool half = actualType == "FLOAT16";
        int bad = 0, first = -1;
        for (int i = 0; i < e.Length; i++)
        {
            bool same = e.Type switch
            {
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

    private static double Round(float value, bool half) => half ? (double)(Half)value : value;

    private static bool Close(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual)) return double.IsNaN(expected) && double.IsNaN(actual);
        if (double.IsInfinity(expected) || double.IsInfinity(actual)) return expected == actual;
        return Math.Abs(actual - expected) <= Atol + Rtol * Math.Abs(expected);
    }
}
