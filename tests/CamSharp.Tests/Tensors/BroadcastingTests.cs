using CamSharp.Tensors;
using CamSharp.Tests.Ops;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.TensorTests;

public class BroadcastingTests
{
    public static TheoryData<int[], int[]> ShapePairs => new()
    {
        { [2, 3, 4], [2, 3, 4] },          // same shape
        { [2, 3, 4], [] },                 // rank-0 scalar
        { [1], [5, 7] },                   // one-element tensor first
        { [2, 3, 4, 5], [1, 3, 1, 1] },    // per-channel
        { [3, 1, 1], [2, 3, 4, 5] },       // per-channel, lower rank, first
        { [4, 6], [6] },                   // trailing vector
        { [5, 1], [1, 3] },                // outer product
        { [2, 1, 4], [3, 1] },             // mixed, lower rank
        { [2, 3, 1, 5], [2, 1, 4, 1] },    // alternating
        { [1, 1], [1] },                   // all ones
        { [0, 3], [3] },                   // empty
    };

    [Theory]
    [MemberData(nameof(ShapePairs))]
    public void Subtract_BroadcastShapes_MatchesReference(int[] sa, int[] sb)
    {
        var rng = new Random(3);
        var a = OpTester.RandomTensor(rng, sa);
        var b = OpTester.RandomTensor(rng, sb);
        var shape = ShapeUtil.Broadcast(sa, sb);
        var y = Tensor.Uninitialized(DataType.Float32, shape);
        Broadcasting.Subtract(a, b, y);
        OpTester.AssertClose(y.Floats, ToFloats(Broadcast(shape, [a, b], v => v[0] - v[1])), 0);
    }

    [Fact]
    public void Apply_LargePerChannel_MatchesReferenceAcrossParallelChunks()
    {
        var rng = new Random(4);
        var a = OpTester.RandomTensor(rng, 2, 64, 33, 31); // > 2 chunks, runs straddle chunk edges
        var b = OpTester.RandomTensor(rng, 1, 64, 1, 1);
        var y = Tensor.Uninitialized(DataType.Float32, a.Shape);
        Broadcasting.Multiply(a, b, y);
        OpTester.AssertClose(y.Floats, ToFloats(Broadcast(a.Shape, [a, b], v => v[0] * v[1])), 0);
    }

    [Fact]
    public void Apply_OutputIsFirstInput_UpdatesInPlace()
    {
        var a = Tensor.FromFloats([1, 2, 3, 4, 5, 6], 2, 3);
        var b = Tensor.FromFloats([10, 20, 30], 3);
        Broadcasting.Add(a, b, a);
        Assert.Equal([11f, 22, 33, 14, 25, 36], a.Floats.ToArray());
    }

    [Fact]
    public void Apply_OutputLargerThanInputs_BroadcastsBothUp()
    {
        var a = Tensor.FromFloats([1, 2], 2, 1);
        var b = Tensor.FromFloats([5], 1);
        var y = Tensor.Uninitialized(DataType.Float32, [2, 3]);
        Broadcasting.Add(a, b, y);
        Assert.Equal([6f, 6, 6, 7, 7, 7], y.Floats.ToArray());
    }

    [Fact]
    public void Divide_Int64_TruncatesTowardZero()
    {
        var a = Tensor.FromLongs([7, -7, 7, -7], 4);
        var b = Tensor.FromLongs([2, 2, -2, -2], 4);
        var y = Tensor.Uninitialized(DataType.Int64, [4]);
        Broadcasting.Divide(a, b, y);
        Assert.Equal([3L, -3, -3, 3], y.Longs.ToArray());
    }

    [Fact]
    public void Apply_NonBroadcastableOutput_Throws()
    {
        var a = Tensor.Zeros(2, 3);
        var b = Tensor.Zeros(4);
        var y = Tensor.Zeros(2, 3);
        var e = Assert.Throws<ArgumentException>(() => Broadcasting.Add(a, b, y));
        Assert.Contains("[4]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    public static TheoryData<int[], int[]> ReductionCases => new()
    {
        { [2, 3, 4, 5], [1, 3, 1, 1] },
        { [2, 3, 4, 5], [3, 1, 1] },
        { [4, 6], [6] },
        { [4, 6], [4, 1] },
        { [5, 3], [] },
        { [5, 3], [1, 1] },
        { [2, 3, 4], [2, 1, 4] },
        { [3, 1, 4], [1, 1, 4] },
        { [0, 4], [4] },
    };

    [Theory]
    [MemberData(nameof(ReductionCases))]
    public void SumTo_BroadcastDims_SumsOverThem(int[] gradShape, int[] shape)
    {
        var grad = OpTester.RandomTensor(new Random(5), gradShape);
        var sum = Broadcasting.SumTo(grad, shape);
        Assert.Equal(shape, sum.Shape);
        OpTester.AssertClose(sum.Floats, ToFloats(ReferenceSumTo(grad, shape)), 1e-5);
    }

    [Theory]
    [InlineData(new[] { 4, 64, 32, 32 }, new[] { 1, 64, 1, 1 })] // small target: per-chunk partials
    [InlineData(new[] { 2, 65536 }, new[] { 1, 65536 })]         // large target: single pass
    [InlineData(new[] { 300, 300 }, new[] { 300, 1 })]
    public void SumTo_LargeGradients_MatchesReference(int[] gradShape, int[] shape)
    {
        var grad = OpTester.RandomTensor(new Random(6), gradShape);
        var sum = Broadcasting.SumTo(grad, shape);
        OpTester.AssertClose(sum.Floats, ToFloats(ReferenceSumTo(grad, shape)), 1e-4);
    }

    [Fact]
    public void SumTo_SameShape_ReturnsNewEqualTensor()
    {
        var grad = Tensor.FromFloats([1, 2, 3], 3);
        var sum = Broadcasting.SumTo(grad, [3]);
        Assert.NotSame(grad, sum);
        Assert.Equal(grad.Floats.ToArray(), sum.Floats.ToArray());
    }

    [Fact]
    public void SumTo_ShapeNotBroadcastable_Throws()
    {
        Assert.Throws<ArgumentException>(() => Broadcasting.SumTo(Tensor.Zeros(2, 3), [2]));
    }

    [Fact]
    public void Expand_AllTypes_RepeatsAlongBroadcastDims()
    {
        var f = Broadcasting.Expand(Tensor.FromFloats([1, 2, 3], 3, 1), [2, 3, 2]);
        Assert.Equal([1f, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3], f.Floats.ToArray());
        var l = Broadcasting.Expand(Tensor.FromLongs([4, 5], 2), [2, 2]);
        Assert.Equal([4L, 5, 4, 5], l.Longs.ToArray());
        var b = Broadcasting.Expand(Tensor.FromBools([true], 1), [3]);
        Assert.Equal([true, true, true], b.Bools.ToArray());
    }

    [Fact]
    public void ElementsOf_ByteOverBool_SharesStorage()
    {
        var t = Tensor.FromBools([true, false], 2);
        var bytes = Broadcasting.ElementsOf<byte>(t);
        Assert.Equal([(byte)1, 0], bytes.ToArray());
        bytes[1] = 1;
        Assert.True(t.Bools[1]);
        Assert.Throws<InvalidOperationException>(() => Broadcasting.ElementsOf<float>(t));
    }

    private static double[] ReferenceSumTo(Tensor grad, int[] shape)
    {
        var result = new double[ShapeUtil.Size(shape)];
        var index = new int[grad.Rank];
        for (int flat = 0; flat < grad.Length; flat++)
        {
            int rem = flat;
            for (int d = grad.Rank - 1; d >= 0; d--)
            {
                index[d] = rem % grad.Shape[d];
                rem /= grad.Shape[d];
            }
            result[SourceIndex(shape, grad.Shape, index)] += grad.Floats[flat];
        }
        return result;
    }
}
