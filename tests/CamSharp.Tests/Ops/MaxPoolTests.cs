using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class MaxPoolTests
{
    private static Attributes Attrs(int[] kernel, int[]? strides = null, int[]? pads = null, int[]? dilations = null, int ceil = 0, string? autoPad = null)
    {
        var a = new Attributes().Set("kernel_shape", kernel).Set("ceil_mode", ceil);
        if (strides is not null) a.Set("strides", strides);
        if (pads is not null) a.Set("pads", pads);
        if (dilations is not null) a.Set("dilations", dilations);
        if (autoPad is not null) a.Set("auto_pad", autoPad);
        return a;
    }

    private static Tensor Ramp(params int[] shape)
    {
        var v = new float[ShapeUtil.Size(shape)];
        for (int i = 0; i < v.Length; i++) v[i] = i;
        return Tensor.FromFloats(v, shape);
    }

    [Fact]
    public void Forward_Uint8HeldAsInt64_PoolsExactlyAndStaysInteger()
    {
        var x = Tensor.FromLongs([1, 255, 2, 0, 3, 4, 254, 1, 0, 0, 7, 6, 0, 2, 9, 253], 1, 1, 4, 4);
        var y = OpTester.Run("MaxPool", [x], Attrs([2, 2], [2, 2]), opset: 12)[0];
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal([255L, 254, 2, 253], y.Longs.ToArray());
    }

    [Fact]
    public void Forward_Kernel2Stride2_TakesWindowMaxima()
    {
        var x = Tensor.FromFloats([1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 7, 6, -1, -2, 9, 3], 1, 1, 4, 4);
        var y = OpTester.Run("MaxPool", [x], Attrs([2, 2], [2, 2]))[0];
        Assert.Equal([1, 1, 2, 2], y.Shape);
        Assert.Equal([5f, 8, 0, 9], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_CeilMode_AddsPartialLastWindow()
    {
        var y = OpTester.Run("MaxPool", [Ramp(1, 1, 6, 6)], Attrs([3, 3], [2, 2], ceil: 1))[0];
        Assert.Equal([1, 1, 3, 3], y.Shape);
        Assert.Equal([14f, 16, 17, 26, 28, 29, 32, 34, 35], y.Floats.ToArray());
        var floor = OpTester.Run("MaxPool", [Ramp(1, 1, 6, 6)], Attrs([3, 3], [2, 2]))[0];
        Assert.Equal([1, 1, 2, 2], floor.Shape);
    }

    [Fact]
    public void Forward_CeilModeWindowStartingInEndPadding_IsDropped()
    {
        // (5 + 2 - 2) / 2 rounds up to 3 (+1 = 4 windows), but the 4th would start at 6 = 5 + pad: dropped.
        var y = OpTester.Run("MaxPool", [Ramp(1, 1, 5)], Attrs([2], [2], [1, 1], ceil: 1))[0];
        Assert.Equal([1, 1, 3], y.Shape);
        Assert.Equal([0f, 2, 4], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_PaddingWithNegativeInputs_NeverWins()
    {
        var x = Tensor.FromFloats([-3, -1, -2, -4], 1, 1, 2, 2);
        var y = OpTester.Run("MaxPool", [x], Attrs([2, 2], [1, 1], [1, 1, 1, 1]))[0];
        Assert.Equal([-3f, -1, -1, -2, -1, -1, -2, -2, -4], y.Floats.ToArray());
    }

    [Theory]
    [InlineData("SAME_UPPER", new float[] { 10, 11, 14, 15 })]
    [InlineData("SAME_LOWER", new float[] { 5, 7, 13, 15 })]
    [InlineData("VALID", new float[] { 10 })]
    public void Forward_AutoPad_PadsAsSpecified(string autoPad, float[] expected)
    {
        var y = OpTester.Run("MaxPool", [Ramp(1, 1, 4, 4)], Attrs([3, 3], [2, 2], autoPad: autoPad))[0];
        Assert.Equal(expected, y.Floats.ToArray());
    }

    [Theory]
    [InlineData(7, 9, 3, 2, 1, 1, 0)]
    [InlineData(7, 9, 3, 2, 1, 1, 1)]
    [InlineData(8, 5, 2, 1, 0, 2, 0)]
    [InlineData(11, 10, 3, 3, 1, 2, 1)]
    [InlineData(6, 7, 5, 1, 2, 1, 0)]
    [InlineData(112, 112, 3, 2, 1, 1, 0)]
    [InlineData(20, 37, 5, 1, 2, 1, 0)]
    [InlineData(9, 33, 3, 2, 0, 1, 1)]
    [InlineData(13, 17, 5, 3, 2, 1, 0)]  // stride 3: taps in three column phases
    [InlineData(10, 23, 3, 3, 1, 1, 1)]
    [InlineData(9, 40, 6, 4, 2, 1, 0)]
    public void Forward_RandomShapes_MatchesReference(int h, int w, int k, int s, int p, int d, int ceil)
    {
        var rng = new Random(h * 31 + w);
        var x = OpTester.RandomTensor(rng, 2, 3, h, w);
        var y = OpTester.Run("MaxPool", [x], Attrs([k, k], [s, s], [p, p, p, p], [d, d], ceil))[0];
        var (expected, shape) = PoolReference.Pool(x.ToFloatArray(), x.Shape, [k, k], [s, s], [p, p, p, p], [d, d], ceil == 1, max: true, false);
        Assert.Equal(shape, y.Shape);
        OpTester.AssertClose(y.Floats, expected, 0);
    }

    [Fact]
    public void Forward_NaNInWindow_PropagatesToEveryWindowHoldingIt()
    {
        var v = Enumerable.Range(0, 36).Select(i => (float)i).ToArray();
        v[21] = float.NaN; // row 3, column 3 of a 6×6 plane: inside windows (1|2, 1|2) of a 3×3 stride-2 pool
        var y = OpTester.Run("MaxPool", [Tensor.FromFloats(v, 1, 1, 6, 6)], Attrs([3, 3], [2, 2], [1, 1, 1, 1]))[0];
        var (reference, _) = PoolReference.Pool(v, [1, 1, 6, 6], [3, 3], [2, 2], [1, 1, 1, 1], [1, 1], false, max: true, false);
        for (int i = 0; i < reference.Length; i++)
            Assert.True(float.IsNaN(reference[i]) ? float.IsNaN(y.Floats[i]) : reference[i] == y.Floats[i], $"output {i}: {y.Floats[i]} vs {reference[i]}");
        Assert.Equal(4, y.Floats.ToArray().Count(float.IsNaN));
    }

    [Theory]
    [InlineData(9, 70, 3, 2, 1, 0)]
    [InlineData(9, 70, 3, 1, 1, 0)]
    [InlineData(7, 111, 3, 2, 0, 1)]  // SqueezeNet's first pool: both vector widths and a scalar tail
    [InlineData(8, 53, 5, 3, 2, 1)]
    public void Forward_NaNInWideRows_PropagatesOnEveryVectorPath(int h, int w, int k, int s, int p, int ceil)
    {
        var rng = new Random(h * 7 + w);
        var v = OpTester.RandomTensor(rng, 1, 1, h, w).ToFloatArray();
        for (int i = 0; i < v.Length; i += 37) v[i] = float.NaN; // every column phase and lane position over the plane
        var y = OpTester.Run("MaxPool", [Tensor.FromFloats(v, 1, 1, h, w)], Attrs([k, k], [s, s], [p, p, p, p], ceil: ceil))[0];
        var (reference, shape) = PoolReference.Pool(v, [1, 1, h, w], [k, k], [s, s], [p, p, p, p], [1, 1], ceil == 1, max: true, false);
        Assert.Equal(shape, y.Shape);
        Assert.Contains(reference, float.IsNaN);
        for (int i = 0; i < reference.Length; i++)
            Assert.True(float.IsNaN(reference[i]) ? float.IsNaN(y.Floats[i]) : reference[i] == y.Floats[i], $"output {i}: {y.Floats[i]} vs {reference[i]}");
    }

    [Fact]
    public void Forward_ThreeSpatialDims_TakesCubeMaxima()
    {
        var y = OpTester.Run("MaxPool", [Ramp(1, 2, 3, 4, 4)], Attrs([2, 2, 2], [2, 2, 2]))[0];
        Assert.Equal([1, 2, 1, 2, 2], y.Shape);
        Assert.Equal([21f, 23, 29, 31, 69, 71, 77, 79], y.Floats.ToArray());
    }

    [Fact]
    public void Infer_IndicesColumnMajorIn3D_ThrowsNamingIt()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("MaxPool", [Tensor.Zeros(1, 1, 2, 2, 2)], Attrs([2, 2, 2]).Set("storage_order", 1L), outputCount: 2));
        Assert.Contains("storage_order", e.Message);
        Assert.Contains("/test/MaxPool", e.Message);
    }

    [Fact]
    public void Forward_IndicesColumnMajor_CountDownTheColumns()
    {
        var x = Tensor.FromFloats([0, 1, 5, 3, 4, 2], 1, 1, 2, 3); // the maximum sits at h=0, w=2: row-major 2
        var outputs = OpTester.Run("MaxPool", [x], Attrs([2, 3]).Set("storage_order", 1L), outputCount: 2);
        Assert.Equal([4L], outputs[1].Longs.ToArray()); // 0 + 2·H
    }

    /// <summary>Indices are flat row-major positions in the whole input, the second plane's offset by its size.</summary>
    [Fact]
    public void Forward_IndicesOutput_GivesFlatInputPositions()
    {
        var x = Tensor.FromFloats([1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 7, 6, -1, -2, 9, 3, /* plane 2 */ 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 1, 2, 4, 4);
        var outputs = OpTester.Run("MaxPool", [x], Attrs([2, 2], [2, 2]), outputCount: 2);
        Assert.Equal([5f, 8, 0, 9, 9, 0, 0, 1], outputs[0].Floats.ToArray());
        Assert.Equal([1L, 6, 8, 14, 16, 18, 24, 31], outputs[1].Longs.ToArray());
    }

    [Fact]
    public void Infer_KernelRankDiffersFromInput_ThrowsWithBothShapes()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("MaxPool", [Tensor.Zeros(1, 1, 4, 4)], Attrs([2])));
        Assert.Contains("[1, 1, 4, 4]", e.Message);
        Assert.Contains("kernel_shape [2]", e.Message);
    }

    [Fact]
    public void Backward_TiedWindow_RoutesToFirstMaximum()
    {
        var op = OpTester.Create("MaxPool", 1, 1, Attrs([2, 2], [1, 1]));
        var x = Tensor.FromFloats([1, 1, 1, 1, 1, 1], 1, 1, 2, 3);
        var y = OpTester.Run(op, [x])[0];
        var ctx = new BackwardContext([x], [new TensorInfo(x.Type, x.Shape)], [y], [Tensor.FromFloats([2, 3], 1, 1, 1, 2)], [true]);
        op.Backward(ctx);
        Assert.Equal([2f, 3, 0, 0, 0, 0], ctx.InputGrads[0]!.Floats.ToArray());
    }

    [Theory]
    [InlineData(new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1, 1, 1 }, new[] { 1, 1 }, 1, null)]
    [InlineData(new[] { 2, 3 }, new[] { 1, 2 }, new[] { 0, 1, 1, 0 }, new[] { 2, 1 }, 0, null)]
    [InlineData(new[] { 3, 3 }, new[] { 2, 2 }, null, null, 0, "SAME_LOWER")]
    [InlineData(new[] { 5, 5 }, new[] { 1, 1 }, new[] { 2, 2, 2, 2 }, null, 0, null)]
    public void Backward_RandomInput_MatchesFiniteDifferences(int[] k, int[] s, int[]? pads, int[]? dil, int ceil, string? autoPad)
    {
        var rng = new Random(7);
        var x = Tensor.FromFloats(PoolReference.DistinctValues(rng, 2 * 2 * 7 * 5), 2, 2, 7, 5);
        OpTester.CheckGradient(OpTester.Create("MaxPool", 1, 1, Attrs(k, s, pads, dil, ceil, autoPad)), [x], [0]);
    }

    [Fact]
    public void Backward_OneAndThreeSpatialDims_MatchFiniteDifferences()
    {
        var rng = new Random(3);
        var x1 = Tensor.FromFloats(PoolReference.DistinctValues(rng, 2 * 9), 1, 2, 9);
        OpTester.CheckGradient(OpTester.Create("MaxPool", 1, 1, Attrs([3], [2], [1, 0], ceil: 1)), [x1], [0]);
        var x3 = Tensor.FromFloats(PoolReference.DistinctValues(rng, 3 * 5 * 4), 1, 1, 3, 5, 4);
        OpTester.CheckGradient(OpTester.Create("MaxPool", 1, 1, Attrs([2, 3, 2], [1, 2, 2], [0, 1, 0, 1, 0, 1])), [x3], [0]);
    }
}
