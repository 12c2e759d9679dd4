using CamSharp.Engine;
using CamSharp.Onnx;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Engine.SequenceModels;

namespace CamSharp.Tests.Engine;

public class LoopUnrollingTests
{
    [Fact]
    public void Load_ConstantTripCount_ReplacesTheLoopByNamedCopies()
    {
        using var model = Load(Accumulate(tripCount: 3));
        var names = model.Graph.Nodes.Select(n => n.Name).ToList();
        Assert.DoesNotContain(model.Graph.Nodes, n => n.OpType == "Loop");
        Assert.Contains("/loop/Loop_iter0_Mul", names);
        Assert.Contains("/loop/Loop_iter2_Add", names);
        Assert.Contains("/loop/Loop_scan0_Concat", names);
        // The body's initializer became an outer one, read by every copy.
        var scaled = model.Graph.Nodes.Where(n => n.Name.EndsWith("_Mul_1", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, scaled.Count);
        Assert.All(scaled, n => Assert.Equal("/loop/Loop_scale", n.Inputs[1]));
        // The last copy writes the carried output under the loop's name for it.
        Assert.Equal("/loop/Loop_iter2_Add", model.Graph.Nodes.Single(n => n.Outputs.Contains("acc")).Name);
        var copies = model.Graph.Nodes.Where(n => n.Name.StartsWith("/loop/Loop_", StringComparison.Ordinal)).ToList();
        Assert.True(copies.Count >= 3 * 6, $"{copies.Count} nodes named after the loop");
        Assert.All(copies, n => Assert.Equal(["loop"], NodeScope.ModulePaths(n)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Run_Unrolled_EqualsTheLoop(long m)
    {
        using Model unrolled = Load(Accumulate(tripCount: m)), loop = Load(Accumulate(tripCount: null));
        Assert.Contains(loop.Graph.Nodes, n => n.OpType == "Loop");
        var x = X();
        var a = unrolled.Run(x);
        var b = loop.Run(new Dictionary<string, Tensor> { ["x"] = x, ["M"] = Tensor.FromLongs([m]) });
        Assert.Equal(b.Length, a.Length);
        for (int k = 0; k < a.Length; k++)
        {
            Assert.Equal(b[k].Shape, a[k].Shape);
            Assert.Equal(b[k].Type, a[k].Type);
            if (a[k].Type == DataType.Float32) Assert.Equal(b[k].Floats.ToArray(), a[k].Floats.ToArray());
            else Assert.Equal(b[k].Longs.ToArray(), a[k].Longs.ToArray());
        }
        Assert.Equal([m, 1, 2, 6, 3], a[1].Shape.Select(d => (long)d));
    }

    [Fact]
    public void Backward_Unrolled_MatchesFiniteDifferences()
    {
        // Through the carried value (tanh of the previous one) and the stacked scan output.
        using var model = Load(Accumulate(tripCount: 3));
        CheckInputGradient(model, X());
    }

    [Fact]
    public void Load_ComputedBodyCondition_StaysALoop()
    {
        using var model = Load(Accumulate(tripCount: 3, bodyConditionPassedThrough: false));
        Assert.Contains(model.Graph.Nodes, n => n.OpType == "Loop");
    }

    [Fact]
    public void Load_TripCountPastTheBound_StaysALoop()
    {
        using var model = Load(Accumulate(tripCount: LoopUnrolling.MaxIterations + 1));
        Assert.Contains(model.Graph.Nodes, n => n.OpType == "Loop");
    }

    [Fact]
    public void Load_ZeroTripCountWithScans_StaysALoop()
    {
        using var model = Load(Accumulate(tripCount: 0));
        Assert.Contains(model.Graph.Nodes, n => n.OpType == "Loop");
        Assert.Equal([0, 1, 2, 6, 3], model.Run(X())[1].Shape);
    }

    public static TheoryData<long?, bool, string?> Reasons => new()
    {
        { 2, true, null },
        { null, true, "its trip count M is not a constant" },
        { LoopUnrolling.MaxIterations + 1, true, $"its trip count M is {LoopUnrolling.MaxIterations + 1}, more than the {LoopUnrolling.MaxIterations} iterations unrolled" },
        { 2, false, "its body's condition output is not a constant true" },
        { 0, true, "it runs no iteration, so its empty scan outputs take shapes from a body that never runs" },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void WhyNotUnrolled_SaysWhyALoopStays(long? tripCount, bool passedThrough, string? reason)
    {
        // Loaded with M as a graph input, the Loop stays; the trip count is then given as a constant beside it.
        var onnx = Accumulate(tripCount: null, passedThrough).Load();
        var loop = onnx.Nodes.Single(n => n.OpType == "Loop");
        var constants = new Dictionary<string, Tensor>(onnx.Initializers);
        if (tripCount is { } m) constants["M"] = Tensor.FromLongs([m]);
        Assert.Equal(reason, LoopUnrolling.WhyNotUnrolled(loop, new LoadTimeConstants(onnx.Nodes, constants)));
    }

    [Fact]
    public void Run_NoLoop_ReturnsTheSameNodes()
    {
        var nodes = new List<Node> { new("/relu/Relu", "Relu", ["x"], ["y"]) };
        Assert.Same(nodes, LoopUnrolling.Run(nodes, new Dictionary<string, Tensor>(), ["x", "y"], 17));
    }
}
