using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class SignTests
{
    [Fact]
    public void Forward_Float_GivesSignsAndKeepsNaN()
    {
        var y = Run1("Sign", [Tensor.FromFloats([-2.5f, 0f, 0.1f, float.NaN, float.NegativeInfinity], 5)]);
        Assert.Equal([-1f, 0, 1, float.NaN, -1], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_Int64_GivesSigns()
    {
        var y = Run1("Sign", [Tensor.FromLongs([-7, 0, 9, long.MinValue], 4)]);
        Assert.Equal([-1L, 0, 1, -1], y.Longs.ToArray());
    }

    [Fact]
    public void Backward_AwayFromZero_IsZero()
    {
        var op = OpTester.Create("Sign", 1);
        Assert.Equal(BackwardNeeds.None, op.Needs);
        CheckGradient(op, [RandomAway(new Random(8), [3, 4], -2, 2, kinks: [0])], [0]);
    }
}
