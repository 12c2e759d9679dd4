using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class SliceTests
{
    [Theory]
    [InlineData(1L, 3L, 1L, new float[] { 1, 2 })]
    [InlineData(-3L, -1L, 1L, new float[] { 2, 3 })]
    [InlineData(0L, long.MaxValue, 2L, new float[] { 0, 2, 4 })]
    [InlineData(-1L, long.MinValue, -1L, new float[] { 4, 3, 2, 1, 0 })]
    [InlineData(long.MaxValue, -6L, -1L, new float[] { 4, 3, 2, 1, 0 })]
    [InlineData(3L, 0L, -2L, new float[] { 3, 1 })]
    [InlineData(-100L, long.MinValue, -1L, new float[] { 0 })]   // spec: start clamps to [0, dim-1] when stepping back
    [InlineData(10L, 20L, 1L, new float[0])]
    [InlineData(3L, 1L, 1L, new float[0])]
    [InlineData(1L, 3L, 1000L, new float[] { 1 })]
    public void Slice_OneAxis_FollowsSpecClamping(long start, long end, long step, float[] expected)
    {
        var y = Run("Slice", [Seq(5), Longs(start), Longs(end), Longs(0), Longs(step)]);
        Equal(y, expected, expected.Length);
    }

    [Fact]
    public void Selection_FocusPhase_GivesStartStepAndCountPerAxis()
    {
        // x[..., 1::2, ::2] on [1, 3, 6, 5], axes counted from the end: the Focus stem's bottom-left phase.
        var slice = (CamSharp.Ops.Slice)OpTester.Create("Slice", 5);
        Tensor?[] inputs = [null, Longs(1, 0), Longs(long.MaxValue, long.MaxValue), Longs(-2, -1), Longs(2, 2)];
        var selection = slice.Selection([1, 3, 6, 5], i => inputs[i]);
        Assert.Equal([(0L, 1L, 1), (0L, 1L, 3), (1L, 2L, 3), (0L, 2L, 3)], selection);
    }

    [Fact]
    public void Slice_DefaultAxesAndSteps_SliceLeadingAxes()
    {
        var y = Run("Slice", [Seq(3, 4), Longs(1, 1), Longs(3, 3)]);
        Equal(y, [5, 6, 9, 10], 2, 2);
    }

    [Fact]
    public void Slice_NegativeAxis_SlicesFromEnd()
    {
        var y = Run("Slice", [Seq(2, 3), Longs(1), Longs(long.MaxValue), Longs(-1)]);
        Equal(y, [1, 2, 4, 5], 2, 2);
    }

    [Fact]
    public void Slice_Opset9_ReadsAttributes()
    {
        var y = Run("Slice", [Seq(2, 3)], Attrs(("starts", new long[] { 0, 1 }), ("ends", new long[] { 1, 1000 }), ("axes", new long[] { 0, 1 })), opset: 9);
        Equal(y, [1, 2], 1, 2);
    }

    [Fact]
    public void Slice_SpecNegativeStepsExample_MatchesReference()
    {
        // ONNX test "slice_neg_steps": x[20:0:-1, 10:0:-3, 4:1:-2].
        var x = Seq(20, 10, 5);
        long[] starts = [20, 10, 4], ends = [0, 0, 1], steps = [-1, -3, -2];
        var y = Run("Slice", [x, Tensor.Vector(starts), Tensor.Vector(ends), Longs(0, 1, 2), Tensor.Vector(steps)]);
        Assert.Equal([19, 3, 2], y.Shape);
        Assert.Equal(Reference(x, starts, ends, [0, 1, 2], steps, out _), y.Floats.ToArray());
    }

    [Fact]
    public void Slice_Int64Data_Slices() =>
        EqualLongs(Run("Slice", [LongSeq(4), Longs(-2), Longs(long.MaxValue)]), [2, 3], 2);

    [Fact]
    public void Slice_RandomArguments_MatchNaiveReference()
    {
        var rng = new Random(41);
        for (int trial = 0; trial < 200; trial++)
        {
            int rank = rng.Next(1, 5);
            var shape = RandomShape(rng, rank, 1, 6);
            var x = Seq(shape);
            int n = rng.Next(1, rank + 1);
            var axes = Enumerable.Range(0, rank).OrderBy(_ => rng.Next()).Take(n).Select(a => (long)(rng.Next(2) == 0 ? a : a - rank)).ToArray();
            var starts = axes.Select(_ => (long)rng.Next(-8, 9)).ToArray();
            var ends = axes.Select(_ => rng.Next(6) == 0 ? long.MaxValue : rng.Next(-8, 9)).ToArray();
            var steps = axes.Select(_ => (long)(rng.Next(2) == 0 ? rng.Next(1, 4) : -rng.Next(1, 4))).ToArray();
            var y = Run("Slice", [x, Tensor.Vector(starts), Tensor.Vector(ends), Tensor.Vector(axes), Tensor.Vector(steps)]);
            var expected = Reference(x, starts, ends, axes, steps, out var expectedShape);
            Assert.Equal(expectedShape, y.Shape);
            Assert.Equal(expected, y.Floats.ToArray());
        }
    }

    [Fact]
    public void Slice_ZeroStep_Throws() =>
        Fails("Slice", () => Run("Slice", [Seq(4), Longs(0), Longs(2), Longs(0), Longs(0)]), "steps[0] is 0");

    [Fact]
    public void Slice_RepeatedAxis_Throws() =>
        Fails("Slice", () => Run("Slice", [Seq(2, 3), Longs(0, 0), Longs(1, 1), Longs(1, -1)]), "repeat");

    [Fact]
    public void Slice_LengthMismatch_Throws() =>
        Fails("Slice", () => Run("Slice", [Seq(2, 3), Longs(0, 0), Longs(1)]), "same length");

    [Fact]
    public void Slice_Gradient_MatchesFiniteDifferences()
    {
        var rng = new Random(42);
        Gradient("Slice", [OpTester.RandomTensor(rng, 5, 3, 7), Longs(-1, 1), Longs(long.MinValue, 7), Longs(0, -1), Longs(-2, 3)]);
        Gradient("Slice", [OpTester.RandomTensor(rng, 4, 5), Longs(1), Longs(3)]);
    }

    /// <summary>Spec semantics written out per axis: adjust, clamp, then enumerate positions.</summary>
    private static float[] Reference(Tensor x, long[] starts, long[] ends, long[] axes, long[] steps, out int[] shape)
    {
        int rank = x.Rank;
        var picks = new List<int>[rank];
        for (int a = 0; a < rank; a++) picks[a] = Enumerable.Range(0, x.Shape[a]).ToList();
        for (int i = 0; i < axes.Length; i++)
        {
            int a = (int)(axes[i] < 0 ? axes[i] + rank : axes[i]);
            long dim = x.Shape[a], step = steps[i];
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            s = step > 0 ? Math.Clamp(s, 0, dim) : Math.Clamp(s, 0, dim - 1);
            e = step > 0 ? Math.Clamp(e, 0, dim) : Math.Clamp(e, -1, dim - 1);
            picks[a] = [];
            for (long p = s; step > 0 ? p < e : p > e; p += step) picks[a].Add((int)p);
        }
        shape = picks.Select(p => p.Count).ToArray();
        var y = new float[ShapeUtil.Size(shape)];
        var src = new int[rank];
        for (int k = 0; k < y.Length; k++)
        {
            var o = Unravel(k, shape);
            for (int d = 0; d < rank; d++) src[d] = picks[d][o[d]];
            y[k] = x.Floats[Ravel(src, x.Shape)];
        }
        return y;
    }
}
