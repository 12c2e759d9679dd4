using CamSharp.Engine;
using CamSharp.Onnx.Proto;
using CamSharp.Ops;
using CamSharp.Tensors;
using CamSharp.Onnx;
using CamSharp.Tests.Onnx;
using CamSharp.Tests.Oracle;
using Xunit;

namespace CamSharp.Tests.Ops;

/// <summary>
/// Loop against hand-computed values and against ONNX Runtime 1.32 on the same files
/// (<see cref="LoopModels"/>). With x = [1, 2, 3] the accumulating body gives, after iterations
/// 0..k, acc = x · (0 + 1 + … + k) and sum(acc) = 6 · k(k + 1)/2: 0, 6, 18, 36, so its condition
/// (sum &lt; 20) first fails after iteration 3.
/// </summary>
public class LoopTests
{
    private static readonly OracleFeed X = LoopModels.X(1, 2, 3);

    private static ForwardPass Run(ModelProto proto, params OracleFeed[] feeds) =>
        Model.Load(Google.Protobuf.MessageExtensions.ToByteArray(proto), "loop.onnx").Session.Run(LoopModels.Tensors(feeds));

    [Fact]
    public void Loop_TripCountOnly_RunsMTimesAndIgnoresTheBodyCondition()
    {
        // M = 5 runs past iteration 3, where the body's condition turns false: without a cond input it is ignored.
        using var pass = Run(LoopModels.Accumulate(tripCount: true, condition: false).Model, X, LoopModels.TripCount(5));
        Assert.Equal([10f, 20, 30], pass.Output("acc").Floats.ToArray());
        Assert.Equal([5, 1, 3], pass.Output("xs").Shape);
        Assert.Equal([0f, 0, 0, 1, 2, 3, 2, 4, 6, 3, 6, 9, 4, 8, 12], pass.Output("xs").Floats.ToArray());
        Assert.Equal([0L, 1, 2, 3, 4], pass.Output("is").Longs.ToArray());
    }

    [Fact]
    public void Loop_ConditionOnly_RunsWhileTheBodySaysSo()
    {
        using var pass = Run(LoopModels.Accumulate(tripCount: false, condition: true).Model, X, LoopModels.Condition(true));
        Assert.Equal([6f, 12, 18], pass.Output("acc").Floats.ToArray());
        Assert.Equal([0L, 1, 2, 3], pass.Output("is").Longs.ToArray());
    }

    [Theory]
    [InlineData(2, new[] { 1f, 2, 3 }, 2)]    // the trip count ends it
    [InlineData(10, new[] { 6f, 12, 18 }, 4)] // the condition ends it
    public void Loop_TripCountAndCondition_StopsAtWhicheverComesFirst(long m, float[] acc, int iterations)
    {
        using var pass = Run(LoopModels.Accumulate(tripCount: true, condition: true).Model, X, LoopModels.TripCount(m), LoopModels.Condition(true));
        Assert.Equal(acc, pass.Output("acc").Floats.ToArray());
        Assert.Equal(Enumerable.Range(0, iterations).Select(i => (long)i), pass.Output("is").Longs.ToArray());
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(4, false)]
    public void Loop_ZeroIterations_GivesTheInitialValuesAndEmptyScans(long m, bool condition)
    {
        using var pass = Run(LoopModels.Accumulate(tripCount: true, condition: true).Model, X, LoopModels.TripCount(m), LoopModels.Condition(condition));
        Assert.Equal([0f, 0, 0], pass.Output("acc").Floats.ToArray());
        Assert.Equal([0, 1, 3], pass.Output("xs").Shape);
        Assert.Equal([0], pass.Output("is").Shape);
    }

    [Fact]
    public void Loop_OuterScopeValues_AreImplicitInputs()
    {
        var model = Model.Load(LoopModels.Accumulate(tripCount: true, condition: false).Bytes(), "loop.onnx");
        var node = model.Graph.Nodes.Single(n => n.OpType == "Loop");
        Assert.Equal(["x", "limit"], node.ImplicitInputs);
        // The outer x changes what every iteration computes.
        using var pass = model.Session.Run(LoopModels.Tensors([LoopModels.X(-1, 0, 5), LoopModels.TripCount(3)]));
        Assert.Equal([-3f, 0, 15], pass.Output("acc").Floats.ToArray());
    }

    [Fact]
    public void Loop_CarriedValueGrowing_ConcatenatesOneRowPerIteration()
    {
        using var pass = Run(LoopModels.Growing().Model, X, LoopModels.TripCount(3));
        Assert.Equal([3, 3], pass.Output("rows").Shape);
        Assert.Equal([1f, 2, 3, 2, 4, 6, 3, 6, 9], pass.Output("rows").Floats.ToArray());
    }

    [Fact]
    public void Loop_EveryInputConstant_FoldsAtPlanTime()
    {
        // The body's condition is computed, so the loop is not unrolled at load (LoopUnrolling) and runs here.
        var b = LoopModels.Accumulate(tripCount: true, condition: true);
        // x, M and cond become initializers; a graph input y is added to the output so the model still has an input.
        b.Graph.Input.Clear();
        b.Initializer(ModelBuilder.Floats("x", [1, 2, 3], 1, 3));
        b.Initializer(ModelBuilder.Raw("M", OnnxElementType.Int64, BitConverter.GetBytes(3L)));
        b.Initializer(ModelBuilder.Raw("cond", OnnxElementType.Bool, [1]));
        b.Input("y", OnnxElementType.Float, 1, 3);
        b.Graph.Output.Add(ModelBuilder.Value("sum", OnnxElementType.Float, [1, 3]));
        b.Node("Add", "/add", ["y", "acc"], ["sum"]);
        var model = Model.Load(b.Bytes(), "loop.onnx");
        Assert.Contains(model.Graph.Nodes, n => n.OpType == "Loop");
        var plan = model.Session.GetPlan(1, 3);
        Assert.False(plan.HasDeferred);
        Assert.Equal([3, 1, 3], plan.ShapeOf("xs"));
        using var pass = model.Session.Run(Tensor.FromFloats([10, 10, 10], 1, 3));
        Assert.Equal([13f, 16, 19], pass.Output("sum").Floats.ToArray());
    }

    [Fact]
    public void Backward_ThroughTheLoop_IsRefusedNamingTheNode()
    {
        var model = Model.Load(LoopModels.Accumulate(tripCount: true, condition: false).Bytes(), "loop.onnx");
        using var pass = model.Session.Run(LoopModels.Tensors([X, LoopModels.TripCount(2)]), new RunOptions { GradientsFor = ["x"] });
        var e = Assert.ThrowsAny<ModelException>(() => pass.Backward([Tensor.FromFloats([1, 1, 1], 1, 3), null, null]));
        Assert.Contains("'/loop/Loop' (Loop)", e.Message);
        Assert.Contains("gradients cannot flow through a Loop", e.Message);
    }

    [Fact]
    public void Loop_TripCountPastTheCap_IsRefusedBeforeRunning()
    {
        var e = Assert.ThrowsAny<Exception>(() => Run(LoopModels.Accumulate(tripCount: true, condition: false).Model, X, LoopModels.TripCount(Loop.MaxIterations + 1)));
        Assert.Contains("/loop/Loop", e.Message);
        Assert.Contains($"trip count M is {Loop.MaxIterations + 1}", e.Message);
    }

    [Fact]
    public void Loop_ScanOutputsOverTheBudget_AreRefusedNamingIt()
    {
        // 20 bytes of scan outputs per iteration (xs 12, is 8): a 64 KiB budget is spent after 3277 of the 100000.
        var options = new OnnxLoadOptions { Limits = new ResourceLimits { MemoryBytes = 64 << 10 } };
        var model = Model.Load(LoopModels.Accumulate(tripCount: true, condition: false).Bytes(), "loop.onnx", options);
        var e = Assert.Throws<ResourceLimitException>(() => model.Session.Run(LoopModels.Tensors([X, LoopModels.TripCount(100_000)])));
        Assert.Equal(nameof(ResourceLimits.MemoryBytes), e.Limit);
        Assert.Contains("/loop/Loop", e.Message);
        Assert.Contains("after 3277 iterations", e.Message);
    }

    [Fact]
    public void Loop_NeitherTripCountNorCondition_IsRefused()
    {
        var e = Assert.ThrowsAny<ModelException>(() => Model.Load(LoopModels.Accumulate(tripCount: false, condition: false).Bytes(), "loop.onnx"));
        Assert.Contains("'/loop/Loop' (Loop)", e.Message);
        Assert.Contains("never end", e.Message);
    }

    [Fact]
    public void Loop_BodyInputCountDiffers_IsRefused()
    {
        var b = LoopModels.Accumulate(tripCount: true, condition: false);
        b.Graph.Node.Single(n => n.OpType == "Loop").Input.Add("acc0");  // a second carried value the body does not take
        b.Graph.Node.Single(n => n.OpType == "Loop").Output.Insert(1, "acc_2");
        var e = Assert.ThrowsAny<ModelException>(() => Model.Load(b.Bytes(), "loop.onnx"));
        Assert.Contains("the body declares 3 inputs", e.Message);
    }

    [Fact]
    public void Loop_ScanOutputChangingShape_IsRefused()
    {
        // Scan the growing carried value itself: [1, 3], then [2, 3].
        var b = LoopModels.Growing();
        var loop = b.Graph.Node.Single(n => n.OpType == "Loop");
        loop.Output.Add("scanned");
        loop.Attribute[0].G.Output.Add(ModelBuilder.Value("rows_out", OnnxElementType.Float, [-1, 3]));
        var model = Model.Load(b.Bytes(), "loop.onnx");
        var e = Assert.ThrowsAny<ModelException>(() => model.Session.Run(LoopModels.Tensors([X, LoopModels.TripCount(2)])).Dispose());
        Assert.Contains("scan output 0 is Float32[1, 3] in the first iteration and Float32[2, 3]", e.Message);
    }

    public static TheoryData<string, long?, bool?> OracleCases => new()
    {
        { "trip count", 3, null },
        { "condition", null, true },
        { "both, trip count first", 2, true },
        { "both, condition first", 9, true },
        { "zero trip count", 0, true },
        { "false condition", 5, false },
    };

    [Theory]
    [MemberData(nameof(OracleCases))]
    public void Loop_Accumulate_MatchesOnnxRuntime(string id, long? m, bool? condition)
    {
        var b = LoopModels.Accumulate(m is not null, condition is not null);
        var feeds = new List<OracleFeed> { LoopModels.X(0.5f, -1.25f, 2) };
        if (m is { } trips) feeds.Add(LoopModels.TripCount(trips));
        if (condition is { } c) feeds.Add(LoopModels.Condition(c));
        CompareWithOrt(id, b.Model, feeds);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Loop_Growing_MatchesOnnxRuntime(long m) =>
        CompareWithOrt($"growing, M = {m}", LoopModels.Growing().Model, [X, LoopModels.TripCount(m)]);

    private static void CompareWithOrt(string id, ModelProto proto, IReadOnlyList<OracleFeed> feeds)
    {
        var ort = OrtOracle.Run(proto, feeds, [], null);
        using var pass = Run(proto, [.. feeds]);
        Assert.Equal(ort.Count, pass.Outputs.Count);
        for (int k = 0; k < ort.Count; k++) OracleComparison.Compare(id, ort[k], pass.Outputs[k], 1e-6);
    }
}
