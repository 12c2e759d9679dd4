using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.QuantizedTesting;

namespace CamSharp.Tests.Ops;

public class QuantizeLinearTests
{
    private static readonly float[] SpecX = [0, 2, 3, 1000, -254, -1000];

    [Fact]
    public void Forward_Uint8SpecExample_RoundsHalfToEvenAndSaturates()
    {
        var y = OpTester.Run("QuantizeLinear", [Floats(SpecX, 6), Floats([2f]), Longs([128])], OutputType(UInt8))[0];
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal(new long[] { 128, 129, 130, 255, 1, 0 }, y.Longs.ToArray());
    }

    [Fact]
    public void Forward_Int8_SaturatesToSignedRange()
    {
        var y = OpTester.Run("QuantizeLinear", [Floats(SpecX, 6), Floats([2f]), Longs([-1])], OutputType(Int8))[0];
        Assert.Equal(new long[] { -1, 0, 1, 127, -128, -128 }, y.Longs.ToArray());
    }

    [Fact]
    public void Forward_HalfwayValues_RoundToEven()
    {
        var y = OpTester.Run("QuantizeLinear", [Floats([1, 3, 5, 7, -1, -3, -5], 7), Floats([2f]), Longs([10])], OutputType(UInt8))[0];
        // 0.5 → 0, 1.5 → 2, 2.5 → 2, 3.5 → 4, −0.5 → 0, −1.5 → −2, −2.5 → −2.
        Assert.Equal(new long[] { 10, 12, 12, 14, 10, 8, 8 }, y.Longs.ToArray());
    }

    [Fact]
    public void Forward_NoZeroPoint_IsUint8()
    {
        var y = OpTester.Run("QuantizeLinear", [Floats([-3, 10, 600], 3), Floats([2f])])[0];
        Assert.Equal(new long[] { 0, 5, 255 }, y.Longs.ToArray());
    }

    [Fact]
    public void Forward_PerAxis_UsesOneScaleAndZeroPointPerChannel()
    {
        // x [1, 3, 2]: channel c has scale (2, 4, 3)[c] and zero point (84, 24, 196)[c].
        var x = Floats([-162, 10, -100, 232, -76, 152], 1, 3, 2);
        var y = OpTester.Run("QuantizeLinear", [x, Floats([2, 4, 3], 3), Longs([84, 24, 196], 3)], OutputType(UInt8))[0];
        Assert.Equal(new long[] { 3, 89, 0, 82, 171, 247 }, y.Longs.ToArray());
    }

    [Fact]
    public void Forward_Blocked_UsesOneScalePerBlockAlongAxis()
    {
        // x [2, 4], blocks of 2 along axis 1: scale [2, 2].
        var x = Floats([2, 4, 30, 60, -2, -4, 3, 9], 2, 4);
        var attrs = OutputType(Int8).Set("axis", 1).Set("block_size", 2);
        var y = OpTester.Run("QuantizeLinear", [x, Floats([2, 10, 1, 3], 2, 2), Longs([0, 0, 0, 0], 2, 2)], attrs, opset: 21)[0];
        Assert.Equal(new long[] { 1, 2, 3, 6, -2, -4, 1, 3 }, y.Longs.ToArray());
    }

    [Fact]
    public void Create_ZeroPointOfUndeclaredType_Throws()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Create("QuantizeLinear", 3));
        Assert.Contains("zero point 'x2'", e.Message);
    }

    [Fact]
    public void Infer_ScaleOfWrongLength_ThrowsNamingIt()
    {
        var e = Assert.Throws<ModelException>(() =>
            OpTester.Run("QuantizeLinear", [Floats([1, 2, 3, 4], 1, 2, 2), Floats([1, 1, 1], 3), Longs([0, 0, 0], 3)], OutputType(UInt8)));
        Assert.Contains("y_scale has shape [3]", e.Message);
    }

    [Fact]
    public void Backward_StraightThrough_MatchesFiniteDifferencesOfFloatPath()
    {
        var rng = new Random(4);
        var x = OpTester.RandomTensor(rng, 2, 3, 2);
        float[] scale = [0.5f, 0.25f, 2f];
        var op = OpTester.Create("QuantizeLinear", 3, attrs: OutputType(UInt8));
        CheckStraightThrough(op, [x, Floats(scale, 3), Longs([128, 128, 128], 3)], 0,
            v => v.Select((a, i) => a / scale[(i / 2) % 3] + 128).ToArray());
    }
}
