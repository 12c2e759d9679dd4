using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class GlobalPoolTests
{
    private static readonly Tensor TwoPlanes = Tensor.FromFloats([1, 5, 3, 5, -1, -4, -2, -3], 1, 2, 2, 2);

    [Fact]
    public void GlobalAveragePool_Forward_AveragesEachPlane()
    {
        var y = OpTester.Run("GlobalAveragePool", [TwoPlanes])[0];
        Assert.Equal([1, 2, 1, 1], y.Shape);
        Assert.Equal([3.5f, -2.5f], y.Floats.ToArray());
    }

    [Fact]
    public void GlobalMaxPool_Forward_TakesEachPlaneMaximum()
    {
        var y = OpTester.Run("GlobalMaxPool", [TwoPlanes])[0];
        Assert.Equal([1, 2, 1, 1], y.Shape);
        Assert.Equal([5f, -1], y.Floats.ToArray());
    }

    [Fact]
    public void GlobalMaxPool_Backward_TiedMaximum_RoutesToFirst()
    {
        var op = OpTester.Create("GlobalMaxPool", 1);
        var y = OpTester.Run(op, [TwoPlanes])[0];
        var ctx = new BackwardContext([TwoPlanes], [new TensorInfo(DataType.Float32, TwoPlanes.Shape)], [y], [Tensor.FromFloats([2, 3], 1, 2, 1, 1)], [true]);
        op.Backward(ctx);
        Assert.Equal([0f, 2, 0, 0, 3, 0, 0, 0], ctx.InputGrads[0]!.Floats.ToArray());
    }

    [Fact]
    public void Backward_RandomOddShapes_MatchFiniteDifferences()
    {
        var rng = new Random(2);
        OpTester.CheckGradient(OpTester.Create("GlobalAveragePool", 1), [OpTester.RandomTensor(rng, 2, 3, 5, 7)], [0]);
        OpTester.CheckGradient(OpTester.Create("GlobalAveragePool", 1), [OpTester.RandomTensor(rng, 1, 2, 3, 1, 5)], [0]);
        OpTester.CheckGradient(OpTester.Create("GlobalMaxPool", 1), [Tensor.FromFloats(PoolReference.DistinctValues(rng, 2 * 3 * 15), 2, 3, 5, 3)], [0]);
    }
}
