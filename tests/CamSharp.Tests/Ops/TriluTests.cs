using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class TriluTests
{
    private static Tensor Matrix() => Tensor.FromFloats(Enumerable.Range(1, 12).Select(i => (float)i).ToArray(), 3, 4);

    [Fact]
    public void Upper_Default_KeepsDiagonalAndAbove()
    {
        var y = Run1("Trilu", [Matrix()], opset: 14);
        Assert.Equal([1f, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12], y.Floats.ToArray());
    }

    [Fact]
    public void Lower_KMinus1_DropsDiagonal()
    {
        var y = Run1("Trilu", [Matrix(), Tensor.ScalarLong(-1)], new Attributes().Set("upper", 0), opset: 14);
        Assert.Equal([0f, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0], y.Floats.ToArray());
    }

    [Fact]
    public void Upper_K2_OnBatchOfInt64_MasksEachMatrix()
    {
        var x = Tensor.FromLongs(Enumerable.Range(1, 12).Select(i => (long)i).ToArray(), 2, 2, 3);
        var y = Run1("Trilu", [x, Tensor.ScalarLong(2)], opset: 14);
        Assert.Equal([0L, 0, 3, 0, 0, 0, 0, 0, 9, 0, 0, 0], y.Longs.ToArray());
    }

    [Fact]
    public void Infer_Vector_ThrowsNamingNode()
    {
        var e = Assert.Throws<ModelException>(() => Run1("Trilu", [Tensor.FromFloats([1, 2], 2)], opset: 14));
        Assert.Contains("/test/Trilu", e.Message);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    public void Backward_Random_MatchesFiniteDifferences(int upper, long k)
    {
        var op = OpTester.Create("Trilu", 2, attrs: new Attributes().Set("upper", upper), opset: 14);
        CheckGradient(op, [OpTester.RandomTensor(new Random(upper), 2, 3, 4), Tensor.ScalarLong(k)], [0]);
    }
}
