using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class ReduceTests
{
    private static readonly Tensor TwoByThree = Tensor.FromFloats([1, 2, 3, 4, 5, 6], 2, 3);

    /// <summary>Naive reduction in double: group elements by their coordinates outside <paramref name="axes"/>.</summary>
    private static float[] Reference(string op, float[] x, int[] shape, int[] axes)
    {
        var strides = ShapeUtil.Strides(shape);
        var groups = new SortedDictionary<long, List<double>>();
        for (int i = 0; i < x.Length; i++)
        {
            long key = 0;
            for (int d = 0; d < shape.Length; d++)
                if (!axes.Contains(d)) key = key * shape[d] + i / strides[d] % shape[d];
            if (!groups.TryGetValue(key, out var g)) groups[key] = g = [];
            g.Add(x[i]);
        }
        return groups.Values.Select(g => (float)(op switch
        {
            "ReduceSum" => g.Sum(),
            "ReduceMean" => g.Average(),
            "ReduceMax" => g.Max(),
            _ => g.Min(),
        })).ToArray();
    }

    [Theory]
    [InlineData("ReduceMax", new long[] { 800, 1333 }, 1333)]
    [InlineData("ReduceMin", new long[] { 800, 1333 }, 800)]
    [InlineData("ReduceSum", new long[] { 4000000000, 5 }, 4000000005)]
    public void Reduce_Int64ShapeValues_ExactAndInteger(string op, long[] values, long expected)
    {
        // torchvision's GeneralizedRCNNTransform takes min and max of the image size.
        var y = OpTester.Run(op, [Tensor.Vector(values)], new Attributes().Set("keepdims", 0), opset: 13)[0];
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal([expected], y.Longs.ToArray());
    }


    [Fact]
    public void ReduceSum_Opset13AxesInput_KeepsDims()
    {
        var y = OpTester.Run("ReduceSum", [TwoByThree, Tensor.Vector(1)], opset: 13)[0];
        Assert.Equal([2, 1], y.Shape);
        Assert.Equal([6f, 15], y.Floats.ToArray());
    }

    [Fact]
    public void ReduceSum_Opset11AxesAttribute_DropsDims()
    {
        var y = OpTester.Run("ReduceSum", [TwoByThree], new Attributes().Set("axes", new[] { 0 }).Set("keepdims", 0), opset: 11)[0];
        Assert.Equal([3], y.Shape);
        Assert.Equal([5f, 7, 9], y.Floats.ToArray());
    }

    [Theory]
    [InlineData(17)]
    [InlineData(13)]
    public void ReduceMean_AttributeAxesBeforeOpset18_AveragesLastAxis(int opset)
    {
        var y = OpTester.Run("ReduceMean", [TwoByThree], new Attributes().Set("axes", new[] { -1 }), opset: opset)[0];
        Assert.Equal([2, 1], y.Shape);
        Assert.Equal([2f, 5], y.Floats.ToArray());
    }

    [Fact]
    public void ReduceMax_Opset18AxesInput_TakesMaxima()
    {
        var y = OpTester.Run("ReduceMax", [TwoByThree, Tensor.Vector(0)], new Attributes().Set("keepdims", 0), opset: 18)[0];
        Assert.Equal([4f, 5, 6], y.Floats.ToArray());
    }

    [Fact]
    public void ReduceMin_NoAxes_ReducesEverything()
    {
        var y = OpTester.Run("ReduceMin", [TwoByThree], opset: 13)[0];
        Assert.Equal([1, 1], y.Shape);
        Assert.Equal([1f], y.Floats.ToArray());
        var scalar = OpTester.Run("ReduceSum", [TwoByThree], new Attributes().Set("keepdims", 0), opset: 13)[0];
        Assert.Empty(scalar.Shape);
        Assert.Equal([21f], scalar.Floats.ToArray());
    }

    [Theory]
    [InlineData("ReduceMin", 18, new long[] { -7, 5 })]
    [InlineData("ReduceMax", 18, new long[] { 320, 480 })]
    [InlineData("ReduceSum", 13, new long[] { 313, 485 })]
    [InlineData("ReduceMean", 18, new long[] { 156, 242 })]
    public void Reduce_Int64Input_ReducesExactlyInInt64(string op, int opset, long[] expected)
    {
        // torchvision detectors reduce their image size (an Int64 shape) with ReduceMin/ReduceMax.
        var x = Tensor.FromLongs([320, 480, -7, 5], 2, 2);
        var y = OpTester.Run(op, [x, Tensor.Vector(0)], new Attributes().Set("keepdims", 0), opset: opset)[0];
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal(expected, y.Longs.ToArray());
    }

    [Fact]
    public void ReduceMin_Int64AxesAttributeNoAxes_ReducesEverything()
    {
        var y = OpTester.Run("ReduceMin", [Tensor.Vector(320, 224)], new Attributes().Set("keepdims", 0), opset: 11)[0];
        Assert.Empty(y.Shape);
        Assert.Equal([224L], y.Longs.ToArray());
    }

    [Fact]
    public void ReduceSum_EmptyAxesWithNoop_ReturnsInput()
    {
        var y = OpTester.Run("ReduceSum", [TwoByThree, Tensor.FromLongs([], 0)], new Attributes().Set("noop_with_empty_axes", 1), opset: 13)[0];
        Assert.Equal([2, 3], y.Shape);
        Assert.Equal(TwoByThree.Floats.ToArray(), y.Floats.ToArray());
    }

    [Fact]
    public void Infer_AxisOutOfRange_ThrowsNamingAxisAndShape()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("ReduceMean", [TwoByThree, Tensor.Vector(2)], opset: 18));
        Assert.Contains("axis 2", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Theory]
    [InlineData("ReduceSum", new[] { 1 })]
    [InlineData("ReduceMean", new[] { 2, 3 })]
    [InlineData("ReduceMean", new[] { 0, 2 })]
    [InlineData("ReduceMax", new[] { 1, 3 })]
    [InlineData("ReduceMin", new[] { 0 })]
    [InlineData("ReduceMax", new[] { 3 })]
    [InlineData("ReduceSum", new[] { 0, 1, 2, 3 })]
    public void Forward_RandomShapes_MatchesReference(string op, int[] axes)
    {
        int[] shape = [2, 3, 1, 5];
        var x = OpTester.RandomTensor(new Random(axes.Sum()), shape);
        var y = OpTester.Run(op, [x, Tensor.Vector(axes.Select(a => (long)a).ToArray())], opset: 18)[0];
        Assert.Equal(shape.Select((d, i) => axes.Contains(i) ? 1 : d).ToArray(), y.Shape);
        OpTester.AssertClose(y.Floats, Reference(op, x.ToFloatArray(), shape, axes));
    }

    [Theory]
    [InlineData("ReduceMax", new[] { 1 })]
    [InlineData("ReduceMin", new[] { 0, 2 })]
    [InlineData("ReduceMax", new[] { 2 })]
    public void Backward_TiedExtremum_RoutesToFirst(string op, int[] axes)
    {
        var x = Tensor.FromFloats(new float[8], 2, 2, 2);
        var o = OpTester.Create(op, 2, 1, null, 18);
        var axesT = Tensor.Vector(axes.Select(a => (long)a).ToArray());
        var y = OpTester.Run(o, [x, axesT])[0];
        var dy = Tensor.FromFloats(Enumerable.Range(1, y.Length).Select(i => (float)i).ToArray(), y.Shape);
        var ctx = new BackwardContext([x, axesT], [new TensorInfo(x.Type, x.Shape), new TensorInfo(DataType.Int64, axesT.Shape)], [y], [dy], [true, false]);
        o.Backward(ctx);
        var dx = ctx.InputGrads[0]!.Floats.ToArray();
        // Every group's gradient lands once, on the group's element with all reduced coordinates 0.
        Assert.Equal(dy.Floats.ToArray().Sum(), dx.Sum());
        for (int i = 0; i < 8; i++)
        {
            bool first = axes.All(a => (i >> (2 - a) & 1) == 0);
            Assert.Equal(first, dx[i] != 0);
        }
    }

    [Theory]
    [InlineData("ReduceSum", new[] { 1 }, 1)]
    [InlineData("ReduceSum", new[] { 0, 2 }, 0)]
    [InlineData("ReduceMean", new[] { 3 }, 1)]
    [InlineData("ReduceMean", new[] { 1, 2 }, 0)]
    [InlineData("ReduceMean", new int[0], 1)]
    [InlineData("ReduceMax", new[] { 1 }, 1)]
    [InlineData("ReduceMax", new[] { 0, 3 }, 0)]
    [InlineData("ReduceMin", new[] { 3 }, 1)]
    [InlineData("ReduceMin", new[] { 1, 3 }, 1)]
    public void Backward_RandomInput_MatchesFiniteDifferences(string op, int[] axes, int keepDims)
    {
        var rng = new Random(axes.Length * 7 + keepDims);
        var x = Tensor.FromFloats(PoolReference.DistinctValues(rng, 2 * 3 * 2 * 5), 2, 3, 2, 5);
        var o = OpTester.Create(op, 2, 1, new Attributes().Set("keepdims", keepDims), 18);
        OpTester.CheckGradient(o, [x, Tensor.Vector(axes.Select(a => (long)a).ToArray())], [0]);
    }
}
