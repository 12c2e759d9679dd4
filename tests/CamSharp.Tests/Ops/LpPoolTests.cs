using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class LpPoolTests
{
    private static Tensor Input() => Tensor.FromFloats([1, -2, 3, 0.5f, -1, 2, 4, 0, -3], 1, 1, 3, 3);

    [Fact]
    public void LpPool_DefaultP2_MatchesTorchLpPool2d()
    {
        var y = OpTester.Run("LpPool", [Input()], new Attributes().Set("kernel_shape", new[] { 2, 2 }))[0];
        Assert.Equal([1, 1, 2, 2], y.Shape);
        OpTester.AssertClose(y.Floats, [2.5f, 4.2426407f, 4.1533119f, 3.7416574f], 1e-6);
    }

    [Fact]
    public void LpPool_P3_MatchesNumPy()
    {
        var y = OpTester.Run("LpPool", [Input()], new Attributes().Set("kernel_shape", new[] { 2, 2 }).Set("p", 3))[0];
        OpTester.AssertClose(y.Floats, [2.1633744f, 3.5303483f, 4.0233015f, 3.3019272f], 1e-6);
    }

    [Fact]
    public void LpPool_PadsAndStrides_PaddingAddsNothing()
    {
        var attrs = new Attributes().Set("kernel_shape", new[] { 2, 2 }).Set("pads", new[] { 1, 1, 1, 1 }).Set("strides", new[] { 2, 2 });
        var y = OpTester.Run("LpPool", [Input()], attrs)[0];
        OpTester.AssertClose(y.Floats, [1f, 3.6055513f, 4.0311289f, 3.7416574f], 1e-6);
    }

    [Fact]
    public void GlobalLpPool_P2AndP1_NormOfEachPlane()
    {
        var y2 = OpTester.Run("GlobalLpPool", [Input()])[0];
        Assert.Equal([1, 1, 1, 1], y2.Shape);
        OpTester.AssertClose(y2.Floats, [6.6520673f], 1e-6);
        var y1 = OpTester.Run("GlobalLpPool", [Input()], new Attributes().Set("p", 1))[0];
        OpTester.AssertClose(y1.Floats, [16.5f], 1e-6);
    }

    [Fact]
    public void LpPool_ZeroP_ThrowsNamingNode()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Create("LpPool", 1, attrs: new Attributes().Set("kernel_shape", new[] { 2 }).Set("p", 0)));
        Assert.Contains("/test/LpPool", e.Message);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(1, 1)]
    public void LpPool_Backward_MatchesFiniteDifferences(int p, int stride)
    {
        var attrs = new Attributes().Set("kernel_shape", new[] { 2, 3 }).Set("p", p).Set("strides", new[] { stride, stride }).Set("pads", new[] { 1, 0, 0, 1 });
        var op = OpTester.Create("LpPool", 1, attrs: attrs, opset: 18);
        var x = ElementwiseTesting.RandomAway(new Random(p + stride), [1, 2, 4, 5], -2, 2, kinks: [0], margin: 0.1f);
        ElementwiseTesting.CheckGradient(op, [x], [0], eps: 1e-3);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    [InlineData(3)]
    public void GlobalLpPool_Backward_MatchesFiniteDifferences(int p)
    {
        var op = OpTester.Create("GlobalLpPool", 1, attrs: new Attributes().Set("p", p));
        var x = ElementwiseTesting.RandomAway(new Random(p), [2, 3, 2, 2], -2, 2, kinks: [0], margin: 0.1f);
        ElementwiseTesting.CheckGradient(op, [x], [0], eps: 1e-3);
    }
}
