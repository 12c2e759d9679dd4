using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.QuantizedTesting;

namespace CamSharp.Tests.Ops;

public class QLinearMatMulTests
{
    private static Tensor?[] SpecInputs() =>
    [
        Longs([208, 236, 0, 238, 3, 214, 255, 29], 2, 4), Floats([0.0066f]), Longs([113]),
        Longs([152, 51, 244, 60, 26, 255, 0, 127, 246, 127, 254, 247], 4, 3), Floats([0.00705f]), Longs([114]),
        Floats([0.0107f]), Longs([118]),
    ];

    [Fact]
    public void Forward_SpecExample_RequantizesAndSaturates()
    {
        var y = OpTester.Run("QLinearMatMul", SpecInputs(), OutputType(UInt8))[0];
        Assert.Equal(new long[] { 168, 115, 255, 1, 66, 151 }, y.Longs.ToArray());
    }

    [Fact]
    public void Forward_Int8Output_SaturatesToSignedRange()
    {
        var inputs = SpecInputs();
        inputs[7] = Longs([-10]);
        var y = OpTester.Run("QLinearMatMul", inputs, OutputType(Int8))[0];
        // Products 49.9, −3.4, 136.6, −117.0, −51.6, 32.7 minus 10; 126.6 rounds to 127, the top of int8.
        Assert.Equal(new long[] { 40, -13, 127, -127, -62, 23 }, y.Longs.ToArray());
    }

    [Fact]
    public void Backward_StraightThrough_MatchesFiniteDifferencesOfFloatPath()
    {
        var inputs = SpecInputs();
        var op = OpTester.Create("QLinearMatMul", 8, attrs: OutputType(UInt8));
        double r = 0.0066f * 0.00705f / 0.0107f;
        var bc = Values(inputs[3]!).Select(v => v - 114).ToArray();
        CheckStraightThrough(op, inputs, 0, v => MatMul(v.Select(x => x - 113).ToArray(), bc, 2, 4, 3).Select(s => s * r + 118).ToArray(),
            eps: 0.5, tol: 1e-4);
    }
}
