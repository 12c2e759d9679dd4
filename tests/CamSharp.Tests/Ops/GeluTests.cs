using CamSharp.Engine;
using CamSharp.Ops;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class GeluTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.1, 0.1124629160182849)]
    [InlineData(0.25, 0.2763263901682369)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(1.5, 0.9661051464753108)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(5.0, 1.0)]
    public void Erf_Forward_TableValuesBothSigns(double x, double expected)
    {
        var y = Run1("Erf", [Tensor.FromFloats([(float)x, (float)-x], 2)]);
        Assert.Equal(expected, y.Floats[0], 1.5e-7);
        Assert.Equal(-expected, y.Floats[1], 1.5e-7);
    }

    [Fact]
    public void Erf_SmallArguments_KeepRelativeAccuracy()
    {
        var y = Run1("Erf", [Tensor.FromFloats([1e-3f, 1e-6f, -1e-20f], 3)]);
        Assert.Equal(1.1283787909692363e-3, y.Floats[0], 1e-6 * 1.13e-3);
        Assert.Equal(1.1283791670955126e-6, y.Floats[1], 1e-6 * 1.13e-6);
        Assert.True(y.Floats[2] < 0);
    }

    [Fact]
    public void Erf_SpecialValues_Saturate()
    {
        var y = Run1("Erf", [Tensor.FromFloats([float.PositiveInfinity, float.NegativeInfinity, float.NaN], 3)]);
        Assert.Equal(1f, y.Floats[0]);
        Assert.Equal(-1f, y.Floats[1]);
        Assert.True(float.IsNaN(y.Floats[2]));
    }

    [Fact]
    public void ErfMath_VectorAndScalarPaths_BothAccurate()
    {
        const int n = 8003; // not a multiple of any vector width: the tail runs too
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = -4.5f + 9f * i / (n - 1);
        var y = new float[n];
        ErfMath.Erf(x, y);
        for (int i = 0; i < n; i++)
        {
            double reference = ReferenceErf(x[i]);
            Assert.Equal(reference, y[i], 1.5e-7); // vector body (and tail)
            Assert.Equal(reference, ErfMath.Erf(x[i]), 1.5e-7); // scalar twin
        }
    }

    [Fact]
    public void Erf_Backward_MatchesFiniteDifferences() =>
        CheckGradient(OpTester.Create("Erf", 1), [RandomAway(new Random(1), [4, 13], lo: -2.5f, hi: 2.5f)], [0]);

    [Theory]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-1.0, -0.15865525393145707)]
    [InlineData(2.0, 1.9544997361036416)]
    [InlineData(0.0, 0.0)]
    [InlineData(-6.0, -5.9e-9)]
    public void Gelu_None_IsExactErfForm(double x, double expected)
    {
        var y = Run1("Gelu", [Tensor.FromFloats([(float)x], 1)], opset: 20);
        Assert.Equal(expected, y.Floats[0], 1e-6);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.5)]
    [InlineData(3.0)]
    public void Gelu_Tanh_MatchesTanhFormula(double x)
    {
        double expected = 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
        var y = Run1("Gelu", [Tensor.FromFloats([(float)x], 1)], new Attributes().Set("approximate", "tanh"), opset: 20);
        Assert.Equal(expected, y.Floats[0], 1e-6);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("tanh")]
    public void Gelu_Backward_MatchesFiniteDifferences(string approximate)
    {
        var op = OpTester.Create("Gelu", 1, attrs: new Attributes().Set("approximate", approximate), opset: 20);
        CheckGradient(op, [RandomAway(new Random(2), [3, 7, 5], lo: -3, hi: 3)], [0]);
    }

    [Fact]
    public void Gelu_Backward_LargeTensorAcrossBlocks_MatchesSmallCase()
    {
        // 5000 elements span several blocks and parallel chunks; each element must match a one-element run.
        var op = OpTester.Create("Gelu", 1, opset: 20);
        var x = RandomAway(new Random(3), [5000], lo: -3, hi: 3);
        var g = RandomAway(new Random(4), [5000]);
        var ctx = new BackwardContext([x], [new TensorInfo(DataType.Float32, [5000])], OpTester.Run(op, [x]), [g], [true]);
        op.Backward(ctx);
        for (int i = 0; i < 5000; i += 499)
        {
            var xi = Tensor.FromFloats([x.Floats[i]], 1);
            var one = new BackwardContext([xi], [new TensorInfo(DataType.Float32, [1])], OpTester.Run(op, [xi]), [Tensor.FromFloats([g.Floats[i]], 1)], [true]);
            op.Backward(one);
            Assert.Equal(one.InputGrads[0]!.Floats[0], ctx.InputGrads[0]!.Floats[i], 1e-6);
        }
    }

    [Fact]
    public void Gelu_UnknownApproximation_Throws()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Create("Gelu", 1, attrs: new Attributes().Set("approximate", "fast"), opset: 20));
        Assert.Contains("'fast'", e.Message);
        Assert.Contains("/test/Gelu", e.Message);
    }

    /// <summary>erf by its Maclaurin series in double: slow, but exact to ~1e-12 on [−4.5, 4.5].</summary>
    private static double ReferenceErf(double x)
    {
        double sum = 0, term = x; // term = (−1)ⁿ x²ⁿ⁺¹ / n!
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
            if (Math.Abs(term) < 1e-17) break;
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
