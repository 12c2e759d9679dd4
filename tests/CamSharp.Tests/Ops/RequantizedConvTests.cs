using CamSharp.Engine;
using CamSharp.Ops;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.QuantizedTesting;

namespace CamSharp.Tests.Ops;

public class RequantizedConvTests
{
    private static readonly float[] WScale = [0.01f, 0.02f, 0.005f];
    private static readonly long[] Bias = [100, -2000, 0];

    private static RequantizedConv Create(int inputCount, Attributes? attributes = null, string domain = RequantizedConv.Domain) =>
        new(new Node("/test/RequantizedConv", RequantizedConv.OpType, Enumerable.Range(0, inputCount).Select(i => $"x{i}").ToArray(), ["y0"],
            attributes ?? new Attributes(), domain));

    private static Attributes Pads() => OutputType(UInt8).Set("pads", new long[] { 1, 1, 1, 1 });

    /// <summary>The float Conv output, x 1×2×5×4 uint8, w 3×2×3×3 int8 per channel, y uint8 at 128, int32 bias.</summary>
    private static Tensor?[] Inputs()
    {
        var rng = new Random(9);
        Tensor?[] inputs =
        [
            null,
            RandomIntegers(rng, 0, 255, 1, 2, 5, 4), Floats([0.05f]), Longs([120]),
            RandomIntegers(rng, -127, 127, 3, 2, 3, 3), Floats(WScale, 3), Longs([0, 0, 0], 3),
            Floats([0.1f]), Longs([128]), Longs(Bias, 3),
        ];
        var sums = Sums(inputs, out var shape);
        int per = sums.Length / 3;
        inputs[0] = Floats(sums.Select((s, i) => (float)((s + Bias[i / per]) * 0.05 * WScale[i / per])).ToArray(), shape);
        return inputs;
    }

    /// <summary>Σ (x − 120)·w in float64, with the output shape.</summary>
    private static double[] Sums(Tensor?[] inputs, out int[] shape) =>
        Conv2D(Values(inputs[1]!).Select(v => v - 120).ToArray(), inputs[1]!.Shape, Values(inputs[4]!), inputs[4]!.Shape, 1, 1, out shape);

    [Fact]
    public void Forward_PerChannelScalesAndBias_RequantizesExactSumsInFloat32()
    {
        var inputs = Inputs();
        var y = OpTester.Run(Create(10, Pads()), inputs)[0];
        var sums = Sums(inputs, out var shape);
        Assert.Equal(shape, y.Shape);
        int per = sums.Length / 3;
        var expected = sums.Select((s, i) =>
        {
            int c = i / per;
            float multiplier = 0.05f * WScale[c] / 0.1f;
            float v = (float)(s + Bias[c]) * multiplier;
            return (long)Math.Clamp(Math.Round((double)v, MidpointRounding.ToEven) + 128, 0, 255);
        });
        Assert.Equal(expected.ToArray(), y.Longs.ToArray());
        Assert.Contains(255L, y.Longs.ToArray()); // some results saturate
    }

    /// <summary>
    /// x_q·w_q = 60·125 = 7500 and multiplier 0.03·0.007 / 0.09 = 0.0023333333 (float32): the float32
    /// product is 17.5 exactly and rounds to 18, as ONNX Runtime's MLAS rounds it; the float64 product
    /// 17.4999994 would give 17.
    /// </summary>
    [Fact]
    public void Forward_Float32ProductOnHalf_RoundsAsOnnxRuntime()
    {
        Tensor?[] inputs =
        [
            Floats([7500 * 0.03f * 0.007f], 1, 1, 1, 1),
            Longs([60], 1, 1, 1, 1), Floats([0.03f]), Longs([0]),
            Longs([125], 1, 1, 1, 1), Floats([0.007f]), Longs([0]),
            Floats([0.09f]), Longs([0]),
        ];
        var y = OpTester.Run(Create(9, OutputType(UInt8)), inputs)[0];
        Assert.Equal(18L, y.Longs[0]);
        Assert.Equal(17.0, Math.Round(7500.0 * (0.03f * 0.007f / 0.09f), MidpointRounding.ToEven));
    }

    [Fact]
    public void Forward_FloatInputNotTheConvolutionsOutput_QuantizesTheFloatInput()
    {
        var inputs = Inputs();
        inputs[0] = Tensor.Zeros(DataType.Float32, inputs[0]!.Shape); // as a re-run from a replaced value gives it
        var y = OpTester.Run(Create(10, Pads()), inputs)[0];
        Assert.All(y.Longs.ToArray(), v => Assert.Equal(128L, v));
    }

    [Fact]
    public void Backward_StraightThrough_MatchesFiniteDifferencesOfQuantizeLinearFloatPath()
    {
        var inputs = Inputs();
        CheckStraightThrough(Create(10, Pads()), inputs, 0, v => v.Select(c => c / 0.1f + 128.0).ToArray(), eps: 1e-2, tol: 1e-4);
    }

    [Fact]
    public void Constructor_DefaultDomain_ThrowsNamingTheNode()
    {
        var e = Assert.Throws<ModelException>(() => Create(9, OutputType(UInt8), domain: ""));
        Assert.Contains("/test/RequantizedConv", e.Message);
        Assert.Contains("internal", e.Message);
    }
}
