using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.QuantizedTesting;

namespace CamSharp.Tests.Ops;

public class QLinearConvTests
{
    private static readonly float[] WScale = [0.01f, 0.02f, 0.005f];
    private static readonly long[] Bias = [100, -2000, 0];

    /// <summary>x 1×2×5×4 uint8, w 3×2×3×3 int8 with per-channel scales, bias, y uint8 with zero point 128.</summary>
    private static Tensor?[] Inputs(long yZeroPoint)
    {
        var rng = new Random(9);
        return
        [
            RandomIntegers(rng, 0, 255, 1, 2, 5, 4), Floats([0.05f]), Longs([120]),
            RandomIntegers(rng, -127, 127, 3, 2, 3, 3), Floats(WScale, 3), Longs([0, 0, 0], 3),
            Floats([0.1f]), Longs([yZeroPoint]), Longs(Bias, 3),
        ];
    }

    private static Attributes Pads(long type) => OutputType(type).Set("pads", new long[] { 1, 1, 1, 1 });

    /// <summary>The ONNX reference's float path: (conv(x − x_zp, w) + B) · x_scale·w_scale / y_scale + y_zp, unrounded.</summary>
    private static double[] FloatPath(double[] x, Tensor?[] inputs, long yZeroPoint)
    {
        var sums = Conv2D(x.Select(v => v - 120).ToArray(), inputs[0]!.Shape, Values(inputs[3]!), inputs[3]!.Shape, 1, 1, out _);
        int per = sums.Length / 3;
        return sums.Select((s, i) => (s + Bias[i / per]) * (double)(0.05f * WScale[i / per] / 0.1f) + yZeroPoint).ToArray();
    }

    [Fact]
    public void Forward_PerChannelScalesAndBias_MatchesReference()
    {
        var inputs = Inputs(128);
        var y = OpTester.Run("QLinearConv", inputs, Pads(UInt8))[0];
        var expected = FloatPath(Values(inputs[0]!), inputs, 128).Select(v => (long)Math.Clamp(Math.Round(v, MidpointRounding.ToEven), 0, 255));
        Assert.Equal(expected.ToArray(), y.Longs.ToArray());
        Assert.Contains(255L, y.Longs.ToArray()); // some results saturate
    }

    [Fact]
    public void Forward_Int8Output_SaturatesToSignedRange()
    {
        var inputs = Inputs(0);
        var y = OpTester.Run("QLinearConv", inputs, Pads(Int8))[0];
        var expected = FloatPath(Values(inputs[0]!), inputs, 0).Select(v => (long)Math.Clamp(Math.Round(v, MidpointRounding.ToEven), -128, 127));
        Assert.Equal(expected.ToArray(), y.Longs.ToArray());
        Assert.Contains(-128L, y.Longs.ToArray());
    }

    [Fact]
    public void Backward_StraightThrough_MatchesFiniteDifferencesOfFloatPath()
    {
        var inputs = Inputs(128);
        var op = OpTester.Create("QLinearConv", 9, attrs: Pads(UInt8));
        CheckStraightThrough(op, inputs, 0, v => FloatPath(v, inputs, 128), eps: 0.5, tol: 1e-4);
    }
}
