using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class ArgMaxTests
{
    private static readonly Tensor Tied = Tensor.FromFloats([2, 7, 7, 1, 5, 5, 0, 5], 2, 4);

    [Fact]
    public void ArgMax_DefaultAxis0_KeepsDims()
    {
        var y = OpTester.Run("ArgMax", [Tied])[0];
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal([1, 4], y.Shape);
        Assert.Equal([1L, 0, 0, 1], y.Longs.ToArray());
    }

    [Theory]
    [InlineData(0, new long[] { 1, 0 })]
    [InlineData(1, new long[] { 2, 3 })]
    public void ArgMax_Ties_SelectLastIndexChoosesWhich(int selectLast, long[] expected)
    {
        var y = OpTester.Run("ArgMax", [Tied], new Attributes().Set("axis", -1).Set("keepdims", 0).Set("select_last_index", selectLast))[0];
        Assert.Equal([2], y.Shape);
        Assert.Equal(expected, y.Longs.ToArray());
    }

    [Theory]
    [InlineData(0, new long[] { 3, 2 })]
    [InlineData(1, new long[] { 3, 2 })]
    public void ArgMin_Axis1_FindsSmallest(int selectLast, long[] expected)
    {
        var y = OpTester.Run("ArgMin", [Tied], new Attributes().Set("axis", 1).Set("select_last_index", selectLast))[0];
        Assert.Equal([2, 1], y.Shape);
        Assert.Equal(expected, y.Longs.ToArray());
    }

    [Fact]
    public void ArgMin_Int64Ties_SelectLastIndex()
    {
        var y = OpTester.Run("ArgMin", [Tensor.FromLongs([4, -1, 9, -1], 4)], new Attributes().Set("select_last_index", 1))[0];
        Assert.Equal([3L], y.Longs.ToArray());
    }

    [Theory]
    [InlineData("ArgMax")]
    [InlineData("ArgMin")]
    public void SegmenterScores_ClassAxis_MatchesNaiveScan(string opType)
    {
        // [1, classes, H, W] large enough to be split across threads.
        const int classes = 5, plane = 96 * 96;
        var x = OpTester.RandomTensor(new Random(opType.Length), 1, classes, 96, 96);
        var y = OpTester.Run(opType, [x], new Attributes().Set("axis", 1).Set("keepdims", 0))[0];
        Assert.Equal([1, 96, 96], y.Shape);
        for (int j = 0; j < plane; j++)
        {
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                float v = x.Floats[c * plane + j], b = x.Floats[best * plane + j];
                if (opType == "ArgMax" ? v > b : v < b) best = c;
            }
            Assert.Equal(best, y.Longs[j]);
        }
    }

    [Fact]
    public void ArgMax_NaN_WinsAsInNumPy()
    {
        var y = OpTester.Run("ArgMax", [Tensor.FromFloats([1, float.NaN, 3], 3)])[0];
        Assert.Equal([1L], y.Longs.ToArray());
    }

    [Fact]
    public void ArgMax_AxisOutOfRange_ThrowsNamingNodeAndShape()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("ArgMax", [Tied], new Attributes().Set("axis", 2)));
        Assert.Contains("/test/ArgMax", e.Message);
        Assert.Contains("[2, 4]", e.Message);
    }

    [Fact]
    public void ArgMax_IsNotDifferentiable()
    {
        Assert.False(OpTester.Create("ArgMax", 1).IsDifferentiable);
    }
}
