using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class LayerNormalizationTests
{
    private static readonly bool[] ParamsConstant = [false, true, true];

    /// <summary>Per row of <paramref name="n"/> elements: x̂, mean and 1/σ in double.</summary>
    internal static (float[] Xhat, float[] Mean, float[] InvStd) Reference(float[] x, int n, double eps)
    {
        int rows = x.Length / n;
        var xhat = new float[x.Length];
        var mean = new float[rows];
        var inv = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            double m = 0, v = 0;
            for (int i = 0; i < n; i++) m += x[r * n + i];
            m /= n;
            for (int i = 0; i < n; i++) v += (x[r * n + i] - m) * (x[r * n + i] - m);
            double s = 1 / Math.Sqrt(v / n + eps);
            for (int i = 0; i < n; i++) xhat[r * n + i] = (float)((x[r * n + i] - m) * s);
            mean[r] = (float)m;
            inv[r] = (float)s;
        }
        return (xhat, mean, inv);
    }

    [Fact]
    public void Forward_LastAxis_NormalisesScalesAndShifts()
    {
        var x = Tensor.FromFloats([1, 2, 3, 4, 10, 10, 10, 10], 2, 4);
        var scale = Tensor.FromFloats([1, 2, 1, 2], 4);
        var bias = Tensor.FromFloats([0, 0, 1, 1], 4);
        var outs = OpTester.Run("LayerNormalization", [x, scale, bias], null, 3, constant: ParamsConstant);
        // Default ε = 1e-5; the constant second row normalises to 0, leaving the bias.
        float s = 1 / MathF.Sqrt(1.25f + 1e-5f);
        OpTester.AssertClose(outs[0].Floats, [-1.5f * s, -1 * s, 0.5f * s + 1, 3 * s + 1, 0, 0, 1, 1]);
        Assert.Equal([2, 1], outs[1].Shape);
        Assert.Equal([2.5f, 10], outs[1].Floats.ToArray());
        OpTester.AssertClose(outs[2].Floats, [s, 1 / MathF.Sqrt(1e-5f)]);
    }

    [Theory]
    [InlineData(-1, new[] { 5 })]
    [InlineData(1, new[] { 3, 5 })]
    [InlineData(1, new[] { 1, 5 })]
    [InlineData(-2, new[] { 1 })]
    public void Forward_AxisAndBroadcastScale_MatchesReference(int axis, int[] scaleShape)
    {
        var rng = new Random(axis + 10);
        var x = OpTester.RandomTensor(rng, 2, 3, 5);
        var scale = OpTester.RandomTensor(rng, scaleShape);
        int a = axis < 0 ? axis + 3 : axis, n = ShapeUtil.Size(x.Shape.AsSpan(a));
        var outs = OpTester.Run("LayerNormalization", [x, scale], new Attributes().Set("axis", axis), 2, constant: [false, true]);
        var (xhat, mean, _) = Reference(x.ToFloatArray(), n, 1e-5);
        var s = scale.ToFloatArray();
        var expected = xhat.Select((v, i) => v * s[i % n % s.Length]).ToArray();
        OpTester.AssertClose(outs[0].Floats, expected);
        OpTester.AssertClose(outs[1].Floats, mean);
        Assert.Equal(x.Shape.Select((d, i) => i < a ? d : 1).ToArray(), outs[1].Shape);
    }

    [Fact]
    public void Infer_ScaleNotBroadcastable_ThrowsWithBothShapes()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("LayerNormalization", [Tensor.Zeros(2, 4), Tensor.Zeros(3)], constant: [false, true]));
        Assert.Contains("Float32[3]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(1, 1)]
    [InlineData(-1, 3)]
    [InlineData(0, 3)]
    public void Backward_RandomInput_MatchesFiniteDifferences(int axis, int outputs)
    {
        var rng = new Random(axis + 3 * outputs);
        var x = OpTester.RandomTensor(rng, 2, 3, 5);
        int a = axis < 0 ? axis + 3 : axis;
        var norm = x.Shape[a..];
        var op = OpTester.Create("LayerNormalization", 3, outputs, new Attributes().Set("axis", axis));
        OpTester.CheckGradient(op, [x, OpTester.RandomTensor(rng, norm), OpTester.RandomTensor(rng, norm)], [0], eps: 1e-3, constant: ParamsConstant);
    }
}
