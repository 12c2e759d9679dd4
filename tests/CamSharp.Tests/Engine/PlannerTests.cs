using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Engine;

public sealed class PlannerTests
{
    private static Session Flatten(int[] declared) => new(new Graph(
        [new Node("flat", "Reshape", ["x", "shape"], ["y"])],
        new Dictionary<string, Tensor> { ["shape"] = Tensor.Vector(-1) },
        [new GraphInput("x", DataType.Float32, declared)], ["y"], 17, "flatten"));

    [Fact]
    public void Plan_FixedFirstDimensionAboveOne_IsNotABatch()
    {
        // torchvision detectors take one [3, H, W] image: the 3 is channels, not three images.
        var session = Flatten([3, 4]);
        var plan = session.GetPlan(3, 4);
        Assert.Equal(1, plan.Batch);
        using var pass = session.Run(Tensor.Zeros(3, 4));
        Assert.Equal([12], pass.Output("y").Shape);
    }

    [Fact]
    public void Plan_DynamicFirstDimension_IsTheBatch()
    {
        var session = Flatten([-1, 4]);
        var plan = session.GetPlan(3, 4);
        Assert.Equal(3, plan.Batch);
        Assert.False(plan.BatchSafe);
    }
}
