using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class PReluTests
{
    [Fact]
    public void Forward_PerChannelSlope_ScalesNegativesOnly()
    {
        var x = Tensor.FromFloats([-1, 2, -3, 4, -5, 6, -7, 8], 1, 2, 2, 2);
        var slope = Tensor.FromFloats([0.1f, 0.5f], 2, 1, 1);
        var y = Run1("PRelu", [x, slope]);
        Assert.Equal([1, 2, 2, 2], y.Shape);
        OpTester.AssertClose(y.Floats, [-0.1f, 2, -0.3f, 4, -2.5f, 6, -3.5f, 8]);
    }

    [Fact]
    public void Forward_Int64_ScalesNegatives()
    {
        var y = Run1("PRelu", [Tensor.FromLongs([-3, 4, -5], 3), Tensor.FromLongs([2], 1)], opset: 16);
        Assert.Equal([-6L, 4, -10], y.Longs.ToArray());
    }

    [Fact]
    public void Forward_ScalarInputBroadcastAgainstSlope_GivesSlopeShape()
    {
        var y = Run1("PRelu", [Tensor.FromFloats([-2], 1), Tensor.FromFloats([0.5f, 2], 2)]);
        Assert.Equal([-1f, -4], y.Floats.ToArray());
    }

    [Fact]
    public void Backward_PerChannelSlope_MatchesFiniteDifferencesForInputAndSlope()
    {
        var op = OpTester.Create("PRelu", 2);
        var x = RandomAway(new Random(12), [2, 3, 2, 2], -2, 2, kinks: [0]);
        var slope = RandomAway(new Random(13), [3, 1, 1], 0.05f, 0.6f);
        CheckGradient(op, [x, slope], [0, 1]);
    }

    [Fact]
    public void Backward_SameShapeSlope_MatchesFiniteDifferences()
    {
        var op = OpTester.Create("PRelu", 2);
        CheckGradient(op, [RandomAway(new Random(14), [3, 4], -2, 2, kinks: [0]), RandomAway(new Random(15), [3, 4], -1, 1)], [0, 1]);
    }
}
