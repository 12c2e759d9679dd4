using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.QuantizedTesting;

namespace CamSharp.Tests.Ops;

public class DequantizeLinearTests
{
    [Fact]
    public void Forward_SpecExample_SubtractsZeroPointAndScales()
    {
        var y = OpTester.Run("DequantizeLinear", [Longs([0, 3, 128, 255], 4), Floats([2f]), Longs([128])])[0];
        Assert.Equal(new float[] { -256, -250, 0, 254 }, y.Floats.ToArray());
    }

    [Fact]
    public void Forward_Opset10NoZeroPoint_ScalesOnly()
    {
        var y = OpTester.Run("DequantizeLinear", [Longs([-128, 0, 127], 3), Floats([0.5f])], opset: 10)[0];
        Assert.Equal(new float[] { -64, 0, 63.5f }, y.Floats.ToArray());
    }

    [Fact]
    public void Forward_PerAxis_UsesOneScalePerChannel()
    {
        var x = Longs([3, 89, 34, 200, 74, 59, 5, 50, 230, 50, 100, 2], 1, 3, 2, 2);
        var y = OpTester.Run("DequantizeLinear", [x, Floats([2, 4, 3], 3), Longs([84, 24, 196], 3)])[0];
        Assert.Equal(new float[] { -162, 10, -100, 232, 200, 140, -76, 104, 102, -438, -288, -582 }, y.Floats.ToArray());
    }

    [Fact]
    public void Forward_BlockedAxis0_UsesOneScalePerBlockOfRows()
    {
        // x [4, 1], blocks of 2 rows: scale [2, 1].
        var y = OpTester.Run("DequantizeLinear", [Longs([1, 2, 3, 4], 4, 1), Floats([10, 100], 2, 1), Longs([0, 1], 2, 1)],
            new CamSharp.Engine.Attributes().Set("axis", 0).Set("block_size", 2), opset: 21)[0];
        Assert.Equal(new float[] { 10, 20, 200, 300 }, y.Floats.ToArray());
    }

    [Fact]
    public void Backward_FloatHeldIntegers_MatchesFiniteDifferences()
    {
        // Float32 input holding integers: the forward is linear in x, so plain finite differences apply.
        var x = Floats([3, 89, 34, 200, 74, 59], 1, 3, 2);
        var op = OpTester.Create("DequantizeLinear", 3);
        ElementwiseTesting.CheckGradient(op, [x, Floats([2, 4, 3], 3), Longs([84, 24, 196], 3)], [0], constant: [false, true, true]);
    }

    [Fact]
    public void Backward_IntegerInput_PassesScaledGradient()
    {
        var op = OpTester.Create("DequantizeLinear", 3);
        CheckStraightThrough(op, [Longs([1, 2, 3, 4], 2, 2), Floats([0.5f, 3f], 2), Longs([1, 0], 2)], 0,
            v => v.Select((a, i) => (a - (i % 2 == 0 ? 1 : 0)) * (i % 2 == 0 ? 0.5 : 3)).ToArray());
    }
}
