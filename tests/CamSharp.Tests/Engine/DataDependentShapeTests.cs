using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Engine;

/// <summary>
/// Graphs whose shapes depend on input values: the planner defers those nodes and the
/// executor infers their shapes when they run, forward and backward.
/// </summary>
public sealed class DataDependentShapeTests
{
    private static Session Build(List<Node> nodes, GraphInput[] inputs, string[] outputs, Dictionary<string, Tensor>? initializers = null) =>
        new(new Graph(nodes, initializers ?? [], inputs, outputs, 17, "dynamic"));

    /// <summary>y = x[x > 0] as exporters write it: Greater → NonZero → Transpose → GatherND.</summary>
    private static Session PositiveValues() => Build(
        [
            new("gt", "Greater", ["x", "zero"], ["mask"]),
            new("nz", "NonZero", ["mask"], ["where"]),
            new("tr", "Transpose", ["where"], ["coords"], new Attributes().Set("perm", new long[] { 1, 0 })),
            new("pick", "GatherND", ["x", "coords"], ["y"]),
        ],
        [new GraphInput("x", DataType.Float32, [-1, 3])], ["y"], new() { ["zero"] = Tensor.Scalar(0) });

    [Fact]
    public void Run_NonZeroThenGatherND_ShapeFollowsTheData()
    {
        var session = PositiveValues();
        using (var pass = session.Run(Tensor.FromFloats([1, -2, 3, -4, 5, 0], 2, 3)))
            Assert.Equal([1f, 3f, 5f], pass.Output("y").Floats.ToArray());
        // The same plan serves another count.
        using (var pass = session.Run(Tensor.FromFloats([-1, -2, 3, -4, -5, -6], 2, 3)))
            Assert.Equal([3f], pass.Output("y").Floats.ToArray());
        Assert.Single(session.Graph.Nodes, n => n.OpType == "NonZero");
    }

    [Fact]
    public void Plan_NonZeroOutput_IsMarkedDynamic()
    {
        var plan = PositiveValues().GetPlan(2, 3);
        Assert.Equal([2, 3], plan.ShapeOf("mask"));
        var e = Assert.Throws<InputException>(() => plan.ShapeOf("y"));
        Assert.Contains("known only after a run", e.Message);
        Assert.Null(plan.TryShapeOf("coords"));
    }

    [Fact]
    public void Backward_ThroughDeferredGatherND_ReachesTheInput()
    {
        var session = PositiveValues();
        var x = Tensor.FromFloats([1, -2, 3, -4, 5, 0], 2, 3);
        using var pass = session.Run(x, new RunOptions { GradientsFor = ["x"] });
        var seed = Tensor.FromFloats([10, 20, 30], 3);
        using var g = pass.Backward([seed]);
        Assert.Equal([10f, 0, 20, 0, 30, 0], g["x"].Floats.ToArray());
    }

    /// <summary>k read from a second input: TopK's output shape is known only when it runs; GatherElements follows it.</summary>
    [Fact]
    public void Run_TopKWithComputedK_FeedsGatherElements()
    {
        var session = Build(
            [
                new("cast", "Cast", ["kf"], ["k"], new Attributes().Set("to", 7L)),
                new("topk", "TopK", ["x", "k"], ["values", "indices"]),
                new("gather", "GatherElements", ["x", "indices"], ["y"], new Attributes().Set("axis", 1L)),
            ],
            [new GraphInput("x", DataType.Float32, [1, 5]), new GraphInput("kf", DataType.Float32, [1])], ["y", "values"]);
        var x = Tensor.FromFloats([0.5f, 3, -1, 2, 7], 1, 5);
        using (var pass = session.Run(new Dictionary<string, Tensor> { ["x"] = x, ["kf"] = Tensor.FromFloats([2], 1) }))
        {
            Assert.Equal([1, 2], pass.Output("y").Shape);
            Assert.Equal([7f, 3f], pass.Output("y").Floats.ToArray());
        }
        using (var pass = session.Run(new Dictionary<string, Tensor> { ["x"] = x, ["kf"] = Tensor.FromFloats([4], 1) }, new RunOptions { GradientsFor = ["x"] }))
        {
            Assert.Equal([7f, 3f, 2f, 0.5f], pass.Output("y").Floats.ToArray());
            using var g = pass.Backward([Tensor.FromFloats([1, 2, 3, 4], 1, 4), null]);
            Assert.Equal([4f, 2, 0, 3, 1], g["x"].Floats.ToArray());
        }
    }

    [Fact]
    public void Run_ReshapeFedByComputedShape_IsDeferred()
    {
        var session = Build(
            [
                new("cast", "Cast", ["shape_f"], ["shape"], new Attributes().Set("to", 7L)),
                new("reshape", "Reshape", ["x", "shape"], ["y"]),
                new("relu", "Relu", ["y"], ["z"]),
            ],
            [new GraphInput("x", DataType.Float32, [1, 6]), new GraphInput("shape_f", DataType.Float32, [2])], ["z"]);
        var x = Tensor.FromFloats([1, -2, 3, -4, 5, -6], 1, 6);
        using var pass = session.Run(new Dictionary<string, Tensor> { ["x"] = x, ["shape_f"] = Tensor.FromFloats([3, 2], 2) });
        Assert.Equal([3, 2], pass.Output("z").Shape);
        Assert.Equal([1f, 0, 3, 0, 5, 0], pass.Output("z").Floats.ToArray());
        Assert.Equal(2, pass.Plan.Steps.Count(n => pass.Plan.Deferred[n]));
    }

    [Fact]
    public void Plan_OrdinaryGraph_DefersNothing()
    {
        var session = Build([new("relu", "Relu", ["x"], ["y"])], [new GraphInput("x", DataType.Float32, [1, 4])], ["y"]);
        var plan = session.GetPlan(1, 4);
        Assert.False(plan.HasDeferred);
        Assert.Equal([1, 4], plan.ShapeOf("y"));
    }

    [Fact]
    public void Run_DeferredShapeOverMemoryCap_Throws()
    {
        var graph = new Graph(
            [
                new("cast", "Cast", ["n_f"], ["n"], new Attributes().Set("to", 7L)),
                new("fill", "ConstantOfShape", ["n"], ["y"]),
            ],
            new Dictionary<string, Tensor>(), [new GraphInput("n_f", DataType.Float32, [1])], ["y"], 17, "dynamic");
        var session = new Session(graph, new ResourceLimits { MaxElements = 1000 });
        var e = Assert.Throws<ResourceLimitException>(() => session.Run(new Dictionary<string, Tensor> { ["n_f"] = Tensor.FromFloats([5000], 1) }));
        Assert.Contains("'y'", e.Message);
    }
}
