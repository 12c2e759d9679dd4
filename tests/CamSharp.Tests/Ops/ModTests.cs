using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class ModTests
{
    private static readonly Tensor A = Tensor.FromLongs([-4, 7, 5, 4, -7, 8], 6);
    private static readonly Tensor B = Tensor.FromLongs([2, -3, 8, -2, 3, 5], 6);

    [Fact]
    public void Int64_DefaultFmod0_TakesDivisorSign()
    {
        var y = Run1("Mod", [A, B], opset: 13);
        Assert.Equal([0L, -2, 5, 0, 2, 3], y.Longs.ToArray());
    }

    [Fact]
    public void Int64_Fmod1_TakesDividendSign()
    {
        var y = Run1("Mod", [A, B], new Attributes().Set("fmod", 1), opset: 13);
        Assert.Equal([0L, 1, 5, 0, -1, 3], y.Longs.ToArray());
    }

    [Fact]
    public void Int64_MinValueByMinusOne_IsZero()
    {
        var y = Run1("Mod", [Tensor.FromLongs([long.MinValue], 1), Tensor.FromLongs([-1], 1)], opset: 13);
        Assert.Equal([0L], y.Longs.ToArray());
    }

    [Fact]
    public void Float_Fmod1_MatchesNumPyFmod()
    {
        var a = Tensor.FromFloats([-4.3f, 7.2f, 5, 4, -7.5f, 8.25f], 6);
        var b = Tensor.FromFloats([2.1f, -3.4f, 8, -2, 3, 5.5f], 6);
        var y = Run1("Mod", [a, b], new Attributes().Set("fmod", 1), opset: 13);
        OpTester.AssertClose(y.Floats, [-0.1f, 0.4f, 5f, 0f, -1.5f, 2.75f], 1e-5);
    }

    [Fact]
    public void Float_Fmod0_ThrowsNamingNode()
    {
        var e = Assert.Throws<ModelException>(() => Run1("Mod", [Tensor.FromFloats([1], 1), Tensor.FromFloats([2], 1)], opset: 13));
        Assert.Contains("/test/Mod", e.Message);
        Assert.Contains("fmod=1", e.Message);
    }

    [Fact]
    public void Int64_ZeroDivisor_ThrowsNamingNode()
    {
        var e = Assert.Throws<ModelException>(() => Run1("Mod", [A, Tensor.FromLongs([0], 1)], opset: 13));
        Assert.Contains("/test/Mod", e.Message);
    }

    [Fact]
    public void Broadcast_ScalarDivisor_AppliesToAll()
    {
        var y = Run1("Mod", [A, Tensor.FromLongs([3], 1)], opset: 13);
        Assert.Equal([2L, 1, 2, 1, 2, 2], y.Longs.ToArray());
    }

    [Fact]
    public void Backward_Float_MatchesFiniteDifferencesForBothInputs()
    {
        var op = OpTester.Create("Mod", 2, attrs: new Attributes().Set("fmod", 1), opset: 13);
        // Keep a/b away from integers, where fmod jumps.
        var b = Tensor.FromFloats([1.3f, -2.1f, 0.9f], 3);
        var a = Tensor.FromFloats([2.1f, 3.3f, -1.4f, -5.0f, 0.7f, 2.5f], 2, 3);
        CheckGradient(op, [a, b], [0, 1], eps: 1e-3);
    }
}
