using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class AveragePoolTests
{
    private static Attributes Attrs(int[] kernel, int[]? strides = null, int[]? pads = null, int include = 0, int ceil = 0, int[]? dilations = null, string? autoPad = null)
    {
        var a = new Attributes().Set("kernel_shape", kernel).Set("count_include_pad", include).Set("ceil_mode", ceil);
        if (strides is not null) a.Set("strides", strides);
        if (pads is not null) a.Set("pads", pads);
        if (dilations is not null) a.Set("dilations", dilations);
        if (autoPad is not null) a.Set("auto_pad", autoPad);
        return a;
    }

    private static readonly Tensor OneToSix = Tensor.FromFloats([1, 2, 3, 4, 5, 6], 1, 1, 6);

    [Fact]
    public void Forward_Kernel2Stride2_AveragesWindows()
    {
        var x = Tensor.FromFloats([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], 1, 1, 4, 4);
        var y = OpTester.Run("AveragePool", [x], Attrs([2, 2], [2, 2]))[0];
        Assert.Equal([3.5f, 5.5f, 11.5f, 13.5f], y.Floats.ToArray());
    }

    [Theory]
    [InlineData(0, new float[] { 1.5f, 3, 5, 6 })]
    [InlineData(1, new float[] { 1, 3, 5, 3 })]
    public void Forward_CeilModeWithPads_CountsOnlyTapsInsidePaddedInput(int include, float[] expected)
    {
        // Windows start at -1, 1, 3, 5; the last one covers 5 (input), 6 (end pad) and 7 (beyond: never counted).
        var y = OpTester.Run("AveragePool", [OneToSix], Attrs([3], [2], [1, 1], include, ceil: 1))[0];
        Assert.Equal(expected, y.Floats.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Forward_CeilModeWithoutPads_PartialWindowDividesByInsideTaps(int include)
    {
        var y = OpTester.Run("AveragePool", [OneToSix], Attrs([3], [2], include: include, ceil: 1))[0];
        Assert.Equal([2f, 4, 5.5f], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_SameUpperExcludingPad_AveragesInsideTaps()
    {
        var x = Tensor.FromFloats([1, 2, 3, 4], 1, 1, 2, 2);
        var y = OpTester.Run("AveragePool", [x], Attrs([2, 2], autoPad: "SAME_UPPER"))[0];
        Assert.Equal([2.5f, 3, 3.5f, 4], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_Dilations_SkipsTaps()
    {
        var y = OpTester.Run("AveragePool", [OneToSix], Attrs([2], dilations: [3]))[0];
        Assert.Equal([2.5f, 3.5f, 4.5f], y.Floats.ToArray());
    }

    [Theory]
    [InlineData(7, 9, 3, 2, 1, 0, 0)]
    [InlineData(7, 9, 3, 2, 1, 1, 1)]
    [InlineData(7, 9, 3, 2, 1, 0, 1)]
    [InlineData(10, 6, 2, 2, 0, 1, 1)]
    [InlineData(5, 5, 5, 1, 2, 1, 0)]
    public void Forward_RandomShapes_MatchesReference(int h, int w, int k, int s, int p, int include, int ceil)
    {
        var rng = new Random(h * 17 + w);
        var x = OpTester.RandomTensor(rng, 2, 3, h, w);
        var y = OpTester.Run("AveragePool", [x], Attrs([k, k], [s, s], [p, p, p, p], include, ceil))[0];
        var (expected, shape) = PoolReference.Pool(x.ToFloatArray(), x.Shape, [k, k], [s, s], [p, p, p, p], [1, 1], ceil == 1, max: false, include == 1);
        Assert.Equal(shape, y.Shape);
        OpTester.AssertClose(y.Floats, expected);
    }

    [Theory]
    [InlineData(new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1, 1, 1 }, 1, 1)]
    [InlineData(new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1, 1, 1 }, 0, 1)]
    [InlineData(new[] { 2, 3 }, new[] { 1, 2 }, new[] { 0, 1, 1, 2 }, 1, 0)]
    [InlineData(new[] { 2, 2 }, new[] { 2, 2 }, new[] { 0, 0, 0, 0 }, 0, 1)]
    public void Backward_RandomInput_MatchesFiniteDifferences(int[] k, int[] s, int[] pads, int include, int ceil)
    {
        var x = OpTester.RandomTensor(new Random(5), 2, 2, 7, 5);
        OpTester.CheckGradient(OpTester.Create("AveragePool", 1, 1, Attrs(k, s, pads, include, ceil)), [x], [0]);
    }

    [Fact]
    public void Backward_DilatedOneAndThreeSpatialDims_MatchFiniteDifferences()
    {
        var rng = new Random(9);
        OpTester.CheckGradient(OpTester.Create("AveragePool", 1, 1, Attrs([2], [1], [1, 1], 1, dilations: [2])), [OpTester.RandomTensor(rng, 1, 2, 9)], [0]);
        OpTester.CheckGradient(OpTester.Create("AveragePool", 1, 1, Attrs([2, 2, 3], [1, 2, 2], [1, 0, 1, 0, 1, 1], 0, 1)), [OpTester.RandomTensor(rng, 1, 1, 3, 5, 4)], [0]);
    }
}
