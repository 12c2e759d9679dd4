using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class IsInfTests
{
    private static readonly float[] Specials = [1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue];

    [Theory]
    [InlineData(1, 1, new[] { false, false, true, true, false })]
    [InlineData(1, 0, new[] { false, false, true, false, false })]
    [InlineData(0, 1, new[] { false, false, false, true, false })]
    [InlineData(0, 0, new[] { false, false, false, false, false })]
    public void Forward_DetectFlags_SelectSigns(int positive, int negative, bool[] expected)
    {
        var y = Run1("IsInf", [Tensor.FromFloats(Specials, 5)], new Attributes().Set("detect_positive", positive).Set("detect_negative", negative));
        Assert.Equal(expected, y.Bools.ToArray());
    }
}
