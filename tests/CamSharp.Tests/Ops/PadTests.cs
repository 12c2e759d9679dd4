using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class PadTests
{
    private static readonly Tensor OneToFour = Tensor.FromFloats([1, 2, 3, 4], 1, 4);

    private static Tensor Pads(params long[] pads) => Tensor.Vector(pads);

    [Theory]
    [InlineData("constant", new float[] { 9, 9, 1, 2, 3, 4, 9, 9, 9 })]
    [InlineData("edge", new float[] { 1, 1, 1, 2, 3, 4, 4, 4, 4 })]
    [InlineData("reflect", new float[] { 3, 2, 1, 2, 3, 4, 3, 2, 1 })]
    [InlineData("wrap", new float[] { 3, 4, 1, 2, 3, 4, 1, 2, 3 })]
    public void Forward_Opset11Modes_PadLastAxis(string mode, float[] expected)
    {
        var y = OpTester.Run("Pad", [OneToFour, Pads(0, 2, 0, 3), Tensor.Scalar(9)], new Attributes().Set("mode", mode), opset: 19)[0];
        Assert.Equal([1, 9], y.Shape);
        Assert.Equal(expected, y.Floats.ToArray());
    }

    [Fact]
    public void Forward_Int64Reflect_KeepsTheType()
    {
        var y = OpTester.Run("Pad", [Tensor.FromLongs([1, 2, 3], 1, 3), Pads(0, 2, 0, 1)], new Attributes().Set("mode", "reflect"), opset: 13)[0];
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal([3L, 2, 1, 2, 3, 2], y.Longs.ToArray());
    }

    [Fact]
    public void Forward_BoolConstant_PadsWithTheValue()
    {
        var y = OpTester.Run("Pad", [Tensor.FromBools([false], 1), Pads(1, 0), Tensor.FromBools([true], 1)], opset: 13)[0];
        Assert.Equal([true, false], y.Bools.ToArray());
    }

    [Fact]
    public void Forward_Opset2Attributes_PadsWithValue()
    {
        var attrs = new Attributes().Set("pads", new[] { 1, 0, 0, 1 }).Set("value", 0.5f);
        var y = OpTester.Run("Pad", [OneToFour], attrs, opset: 7)[0];
        Assert.Equal([2, 5], y.Shape);
        Assert.Equal([0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 1, 2, 3, 4, 0.5f], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_NegativePads_Crop()
    {
        var x = Tensor.FromFloats([1, 2, 3, 4, 5, 6], 2, 3);
        var y = OpTester.Run("Pad", [x, Pads(-1, 1, 0, -1)], opset: 13)[0];
        Assert.Equal([1, 3], y.Shape);
        Assert.Equal([0f, 4, 5], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_Opset18Axes_PadsOnlyListedAxes()
    {
        var x = Tensor.FromFloats([1, 2, 3, 4, 5, 6], 1, 2, 3);
        var y = OpTester.Run("Pad", [x, Pads(1, 0), null, Tensor.Vector(-2)], new Attributes().Set("mode", "edge"), opset: 18)[0];
        Assert.Equal([1, 3, 3], y.Shape);
        Assert.Equal([1f, 2, 3, 1, 2, 3, 4, 5, 6], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_ReflectPastTheWholeInput_KeepsReflecting()
    {
        var x = Tensor.FromFloats([1, 2, 3], 3);
        var y = OpTester.Run("Pad", [x, Pads(5, 0)], new Attributes().Set("mode", "reflect"), opset: 13)[0];
        Assert.Equal([2f, 1, 2, 3, 2, 1, 2, 3], y.Floats.ToArray());
    }

    [Fact]
    public void Infer_PadsLengthMismatch_ThrowsWithBothSides()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("Pad", [OneToFour, Pads(1, 1)], opset: 13));
        Assert.Contains("pads has 2 values, expected 4", e.Message);
        Assert.Contains("[1, 4]", e.Message);
        Assert.Throws<ModelException>(() => OpTester.Run("Pad", [OneToFour, Pads(0, -3, 0, -2)], opset: 13));
    }

    [Theory]
    [InlineData("constant", new long[] { 1, 2, 0, 2, 0, 1 })]
    [InlineData("constant", new long[] { 0, -1, 1, 1, 2, -2 })]
    [InlineData("edge", new long[] { 1, 2, 3, 0, 2, 1 })]
    [InlineData("reflect", new long[] { 0, 2, 3, 1, 1, 4 })]
    [InlineData("reflect", new long[] { 1, -1, 2, 0, 2, -1 })]
    [InlineData("wrap", new long[] { 0, 3, 1, 1, 2, 6 })]
    public void Backward_RandomInput_MatchesFiniteDifferences(string mode, long[] pads)
    {
        var x = OpTester.RandomTensor(new Random(pads.Length + mode.Length), 2, 3, 5);
        var op = OpTester.Create("Pad", 3, 1, new Attributes().Set("mode", mode), 19);
        OpTester.CheckGradient(op, [x, Pads(pads), Tensor.Scalar(0.25f)], [0], constant: [false, true, true]);
    }
}
