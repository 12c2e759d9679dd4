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

    /// <summary>y = ScatterND(x, Unsqueeze(Range(0, n, 1), [1]), Relu(x)): torch's in-place slice update, its indices made from constants.</summary>
    private static Session SliceUpdate(int n) => new(new Graph(
        [
            new Node("range", "Range", ["zero", "n", "one"], ["positions"]),
            new Node("unsqueeze", "Unsqueeze", ["positions", "axes"], ["indices"]),
            new Node("relu", "Relu", ["x"], ["updates"]),
            new Node("scatter", "ScatterND", ["x", "indices", "updates"], ["y"]),
        ],
        new Dictionary<string, Tensor> { ["zero"] = Tensor.ScalarLong(0), ["n"] = Tensor.ScalarLong(n), ["one"] = Tensor.ScalarLong(1), ["axes"] = Tensor.Vector(1) },
        [new GraphInput("x", DataType.Float32, [n])], ["y"], 17, "slice-update"));

    [Fact]
    public void Plan_LargeIndexTensor_IsComputedAtRunTimeNotHeld()
    {
        int n = (int)(Planner.MaxFoldedIndexBytes / 8) + 1;
        var session = SliceUpdate(n);
        var plan = session.GetPlan(n);
        var graph = session.Graph;
        Assert.Null(plan.Constants[graph.ValueId("positions")]);
        Assert.Null(plan.Constants[graph.ValueId("indices")]);
        Assert.Contains(plan.Steps, s => graph.Nodes[s].Name == "range");
        var x = Tensor.FromFloats(Enumerable.Range(0, n).Select(i => i % 3 - 1f).ToArray(), n);
        using var pass = session.Run(x);
        Assert.Equal(x.Floats.ToArray().Select(v => Math.Max(v, 0f)).ToArray(), pass.Output("y").Floats.ToArray());
    }

    [Fact]
    public void Plan_SmallIndexTensor_IsFolded()
    {
        var session = SliceUpdate(1000);
        var plan = session.GetPlan(1000);
        Assert.NotNull(plan.Constants[session.Graph.ValueId("indices")]);
        Assert.DoesNotContain(plan.Steps, s => session.Graph.Nodes[s].Name == "range");
    }
}
