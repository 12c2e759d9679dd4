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

    /// <summary>Float Conv output (only its shape is read), x 1×2×5×4 uint8, w 3×2×3×3 int8 per channel, y uint8 at 128, int32 bias.</summary>
    private static Tensor?[] Inputs()
    {
        var rng = new Random(9);
        return
        [
            OpTester.RandomTensor(rng, 1, 3, 5, 4),
            RandomIntegers(rng, 0, 255, 1, 2, 5, 4), Floats([0.05f]), Longs([120]),
            RandomIntegers(rng, -127, 127, 3, 2, 3, 3), Floats(WScale, 3), Longs([0, 0, 0], 3),
            Floats([0.1f]), Longs([128]), Longs(Bias, 3),
        ];
    }

    [Fact]
    public void Forward_PerChannelScalesAndBias_RequantizesExactSumsInFloat32()
    {
        var inputs = Inputs();
        var y = OpTester.Run(Create(10, Pads()), inputs)[0];
        var x = Values(inputs[1]!).Select(v => v - 120).ToArray();
        var sums = Conv2D(x, inputs[1]!.Shape, Values(inputs[4]!), inputs[4]!.Shape, 1, 1, out var shape);
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
            Tensor.Zeros(DataType.Float32, [1, 1, 1, 1]),
            Longs([60], 1, 1, 1, 1), Floats([0.03f]), Longs([0]),
            Longs([125], 1, 1, 1, 1), Floats([0.007f]), Longs([0]),
            Floats([0.09f]), Longs([0]),
        ];
        var y = OpTester.Run(Create(9, OutputType(UInt8)), inputs)[0];
        Assert.Equal(18L, y.Longs[0]);
        Assert.Equal(17.0, Math.Round(7500.0 * (0.03f * 0.007f / 0.09f), MidpointRounding.ToEven));
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
