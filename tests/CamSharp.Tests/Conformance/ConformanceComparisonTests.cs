using CamSharp.Onnx;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Conformance;

public class ConformanceComparisonTests
{
    private static OnnxTensor Expected(string type, Tensor t) => new("out", type, t);

    [Fact]
    public void Difference_WithinOnnxTolerance_IsNull() =>
        Assert.Null(ConformanceComparison.Difference(Expected("FLOAT", Tensor.FromFloats([1000f, float.NaN], 2)),
            Tensor.FromFloats([1000.9f, float.NaN], 2), "FLOAT"));

    [Fact]
    public void Difference_BeyondRtol_IsReported() =>
        Assert.Contains("1 of 1 elements differ", ConformanceComparison.Difference(Expected("FLOAT", Tensor.FromFloats([1000f], 1)),
            Tensor.FromFloats([1001.1f], 1), "FLOAT"));

    [Fact]
    public void Difference_OtherElementType_IsReported() =>
        Assert.Contains("element type INT32", ConformanceComparison.Difference(Expected("INT64", Tensor.FromLongs([1], 1)),
            Tensor.FromLongs([1], 1), "INT32"));

    [Fact]
    public void Difference_OtherShape_IsReported() =>
        Assert.Contains("shape [1, 2]", ConformanceComparison.Difference(Expected("FLOAT", Tensor.FromFloats([1, 2], 2)),
            Tensor.FromFloats([1, 2], 1, 2), "FLOAT"));

    [Fact]
    public void Difference_IntegersOffByOne_IsReported() =>
        Assert.NotNull(ConformanceComparison.Difference(Expected("INT64", Tensor.FromLongs([1L << 40], 1)),
            Tensor.FromLongs([(1L << 40) + 1], 1), "INT64"));

    [Fact]
    public void Difference_InfinityAgainstLargeFinite_IsReported() =>
        Assert.NotNull(ConformanceComparison.Difference(Expected("FLOAT", Tensor.FromFloats([float.PositiveInfinity], 1)),
            Tensor.FromFloats([float.MaxValue], 1), "FLOAT"));

    /// <summary>Truncation and round-to-nearest-even differ by one bfloat16 step; two steps are wrong.</summary>
    [Fact]
    public void Difference_BFloat16_AllowsOneStepOnly()
    {
        var expected = Expected("BFLOAT16", Tensor.FromFloats([0.478515625f], 1));
        Assert.Null(ConformanceComparison.Difference(expected, Tensor.FromFloats([0.48046875f], 1), "BFLOAT16"));
        Assert.NotNull(ConformanceComparison.Difference(expected, Tensor.FromFloats([0.484375f], 1), "BFLOAT16"));
    }
}
