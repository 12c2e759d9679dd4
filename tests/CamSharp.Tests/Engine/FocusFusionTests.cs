using CamSharp.Engine;
using CamSharp.Ops;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using CamSharp.Tests.Ops;
using Xunit;

namespace CamSharp.Tests.Engine;

/// <summary>
/// YOLOv5's and YOLOX's Focus stem (four phase Slices and a channel Concat) runs as one
/// FocusSpaceToDepth where no slice output is needed: as exporters write it, in any order, at
/// batch 1 and above, with results equal to running the slices; a tapped slice, a slice read
/// elsewhere or anything but the four phases leaves the graph alone.
/// </summary>
public sealed class FocusFusionTests
{
    /// <summary>How an exporter writes the slices of each phase.</summary>
    public enum Layout
    {
        /// <summary>torch.onnx at opset 11 (YOLOX's export): rows, then columns, two Slices per phase.</summary>
        RowsThenColumns,
        /// <summary>Two row Slices, each read by two column Slices.</summary>
        SharedRows,
        /// <summary>One Slice over axes [2, 3] per phase.</summary>
        BothAxes,
        /// <summary>Columns first, axes counted from the end.</summary>
        ColumnsFirstNegativeAxes,
        /// <summary>x[:, :, r::2, c::2] as an FX graph writes it: whole batch and channel Slices (shared), then rows, then columns.</summary>
        EveryAxis,
    }

    private sealed class Builder
    {
        public readonly List<Node> Nodes = [];
        public readonly Dictionary<string, Tensor> Initializers = [];

        public string Ints(params long[] values)
        {
            string name = $"i{Initializers.Count}";
            Initializers[name] = Tensor.Vector(values);
            return name;
        }

        public string Slice(string input, long[] starts, long[] axes, long[]? steps = null, long[]? ends = null)
        {
            string output = $"s{Nodes.Count}";
            Nodes.Add(new Node($"/focus/Slice_{Nodes.Count}", "Slice",
                [input, Ints(starts), Ints(ends ?? [.. starts.Select(_ => long.MaxValue)]), Ints(axes), Ints(steps ?? [.. starts.Select(_ => 2L)])], [output]));
            return output;
        }
    }

    /// <summary>
    /// x → the four phases in <paramref name="order"/> (2·row + column) → Concat on axis 1 → "y" → Sigmoid → "z";
    /// <paramref name="part"/> may write Concat input k some other way.
    /// </summary>
    private static Graph Focus(Layout layout, long[] order, int channels = 3, Action<Builder, string[]>? extra = null, long concatAxis = 1,
        Func<Builder, int, string?>? part = null, int outputPart = -1)
    {
        var b = new Builder();
        var rows = new Dictionary<long, string>();
        string? whole = null;
        var parts = order.Select((p, k) => part?.Invoke(b, k) ?? layout switch
        {
            Layout.RowsThenColumns => b.Slice(b.Slice("x", [p / 2], [2]), [p % 2], [3]),
            Layout.SharedRows => b.Slice(rows.TryGetValue(p / 2, out var r) ? r : rows[p / 2] = b.Slice("x", [p / 2], [2]), [p % 2], [3]),
            Layout.BothAxes => b.Slice("x", [p / 2, p % 2], [2, 3]),
            Layout.EveryAxis => b.Slice(b.Slice(whole ??= b.Slice(b.Slice("x", [0], [0], [1]), [0], [1], [1]), [p / 2], [2]), [p % 2], [3]),
            _ => b.Slice(b.Slice("x", [p % 2], [-1]), [p / 2], [-2]),
        }).ToArray();
        b.Nodes.Add(new Node("/focus/Concat", "Concat", parts, ["y"], new Attributes().Set("axis", concatAxis)));
        b.Nodes.Add(new Node("/next/Sigmoid", "Sigmoid", ["y"], ["z"]));
        extra?.Invoke(b, parts);
        var outputs = new List<string> { "z" };
        if (outputPart >= 0) outputs.Add(parts[outputPart]);
        return new Graph(b.Nodes, b.Initializers, [new GraphInput("x", DataType.Float32, [-1, channels, -1, -1])], outputs, 13, "focus");
    }

    private static Dictionary<string, Tensor> Input(int batch, int channels, int height, int width) =>
        new() { ["x"] = OpTester.RandomTensor(new Random(batch + height * width), batch, channels, height, width) };

    private static Plan PlanFor(Graph graph, Tensor x) =>
        new Session(graph).GetPlan(new Dictionary<string, TensorInfo> { ["x"] = new(DataType.Float32, x.Shape) });

    /// <summary>Phase p of x stacked in <paramref name="order"/>, pixel by pixel.</summary>
    private static float[] Reference(Tensor x, long[] order)
    {
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];
        var xs = x.ToFloatArray();
        var y = new float[xs.Length / 4 * order.Length];
        int k = 0;
        for (int b = 0; b < n; b++)
            foreach (long p in order)
                for (int ci = 0; ci < c; ci++)
                    for (int i = 0; i < h / 2; i++)
                        for (int j = 0; j < w / 2; j++)
                            y[k++] = xs[((b * c + ci) * h + 2 * i + (int)p / 2) * w + 2 * j + (int)p % 2];
        return y;
    }

    private static readonly long[] YoloOrder = [0, 2, 1, 3];

    public static TheoryData<Layout, long[], int, int, int> Cases() => new()
    {
        { Layout.RowsThenColumns, YoloOrder, 1, 416, 416 },
        { Layout.RowsThenColumns, YoloOrder, 8, 34, 26 },     // batch 8, odd half sizes
        { Layout.SharedRows, YoloOrder, 1, 26, 418 },         // half width 209: vectors and a tail
        { Layout.BothAxes, new long[] { 0, 1, 2, 3 }, 3, 6, 64 },
        { Layout.ColumnsFirstNegativeAxes, new long[] { 3, 1, 0, 2 }, 2, 2, 2 },
        { Layout.EveryAxis, YoloOrder, 2, 4, 36 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_ExportedFocus_FusedEqualsSlicesAndConcat(Layout layout, long[] order, int batch, int height, int width)
    {
        var graph = Focus(layout, order);
        var inputs = Input(batch, 3, height, width);
        var stem = Assert.Single(PlanFor(graph, inputs["x"]).FocusStems);
        Assert.Equal(layout switch { Layout.SharedRows => 6, Layout.BothAxes => 4, Layout.EveryAxis => 10, _ => 8 }, stem.Absorbed.Length);
        var session = new Session(graph);
        using var fused = session.Run(inputs, new RunOptions { Profile = true, Taps = ["y"] });
        using var plain = session.Run(inputs, new RunOptions { Profile = true, Taps = ["y"], FuseActivations = false });
        Assert.Equal([FocusSpaceToDepth.OpType, "Sigmoid"], fused.NodeTimes!.Select(t => t.Node.OpType));
        Assert.Contains(plain.NodeTimes!, t => t.Node.OpType == "Slice");
        Assert.Equal(Reference(inputs["x"], order), fused.Value("y").ToFloatArray());
        Assert.Equal(plain.Value("y").ToFloatArray(), fused.Value("y").ToFloatArray());
        Assert.Equal(plain.Output("z").ToFloatArray(), fused.Output("z").ToFloatArray());
    }

    [Theory]
    [InlineData(7, 8)]
    [InlineData(8, 9)]
    public void Plan_OddImageSize_ConcatRefusesWithShapes(int height, int width)
    {
        // Even and odd phases of an odd axis differ in length: the graph itself is invalid, and the Concat says so.
        var graph = Focus(Layout.RowsThenColumns, YoloOrder);
        var e = Assert.Throws<ModelException>(() => PlanFor(graph, Input(1, 3, height, width)["x"]));
        Assert.Contains("/focus/Concat", e.Message);
        Assert.Contains("expected [1, *,", e.Message);
    }

    [Fact]
    public void Run_SliceTapped_LeavesGraphAlone()
    {
        var graph = Focus(Layout.RowsThenColumns, YoloOrder);
        var inputs = Input(1, 3, 8, 40);
        string slice = graph.Nodes.First(n => n.OpType == "Concat").Inputs[1];
        var session = new Session(graph);
        using var pass = session.Run(inputs, new RunOptions { Profile = true, Taps = [slice, "y"] });
        Assert.DoesNotContain(pass.NodeTimes!, t => t.Node.OpType == FocusSpaceToDepth.OpType);
        Assert.Equal(8, pass.NodeTimes!.Count(t => t.Node.OpType == "Slice"));
        Assert.Equal(Reference(inputs["x"], YoloOrder), pass.Value("y").ToFloatArray());
        Assert.Equal(Reference(inputs["x"], [2]), pass.Value(slice).ToFloatArray());
    }

    [Fact]
    public void Backward_SliceAsTargetLayer_LeavesGraphAloneAndGradientsAgree()
    {
        var graph = Focus(Layout.RowsThenColumns, YoloOrder);
        var inputs = Input(2, 3, 6, 36);
        string slice = graph.Nodes.First(n => n.OpType == "Concat").Inputs[3];
        var session = new Session(graph);
        (float[] Slice, float[] Input, bool Fused) Gradients(bool fuse)
        {
            var options = new RunOptions { Taps = [slice], GradientsFor = [slice, "x"], FuseActivations = fuse, Profile = true };
            using var pass = session.Run(inputs, options);
            using var grads = pass.Backward([pass.Outputs[0].Clone()]);
            return (grads[slice].ToFloatArray(), grads["x"].ToFloatArray(), pass.NodeTimes!.Any(t => t.Node.OpType == FocusSpaceToDepth.OpType));
        }
        var target = Gradients(true);
        var plain = Gradients(false);
        Assert.False(target.Fused);
        Assert.Equal(plain.Slice, target.Slice);
        Assert.Equal(plain.Input, target.Input);
    }

    [Fact]
    public void Backward_ThroughStem_EqualsSlicesAndConcat()
    {
        var graph = Focus(Layout.SharedRows, YoloOrder);
        var inputs = Input(3, 3, 10, 34);
        string slice = graph.Nodes.First(n => n.OpType == "Concat").Inputs[0];
        var session = new Session(graph);
        // A gradient asked for a slice output makes the sweep take the Slices and the Concat one by one.
        float[] InputGradient(bool fuse, bool sliceGradient)
        {
            using var pass = session.Run(inputs, new RunOptions { GradientsFor = sliceGradient ? ["x", slice] : ["x"], FuseActivations = fuse, Profile = true });
            Assert.Equal(fuse, pass.NodeTimes!.Any(t => t.Node.OpType == FocusSpaceToDepth.OpType));
            using var grads = pass.Backward([pass.Outputs[0].Clone()]);
            return grads["x"].ToFloatArray();
        }
        var stem = InputGradient(true, false);
        Assert.Equal(InputGradient(false, true), stem);
        Assert.Equal(InputGradient(false, false), stem);
        Assert.Contains(stem, g => g != 0);
    }

    [Fact]
    public void ForBackward_SliceGradientAsked_LeavesSlices()
    {
        var graph = Focus(Layout.RowsThenColumns, YoloOrder);
        var plan = PlanFor(graph, Input(1, 3, 4, 4)["x"]);
        var stem = Assert.Single(plan.FocusStems);
        var visited = Enumerable.Repeat(true, graph.Nodes.Count).ToArray();
        var taken = FocusFusion.ForBackward(plan, visited, new HashSet<int> { graph.ValueId("x") });
        Assert.Same(stem, taken![stem.Concat]);
        Assert.All(stem.Absorbed, a => Assert.Same(stem, taken[a]));
        FocusFusion.Return(taken);
        Assert.Null(FocusFusion.ForBackward(plan, visited, new HashSet<int> { graph.ValueId("x"), stem.Hidden[1] }));
        visited[stem.Absorbed[0]] = false;
        Assert.Null(FocusFusion.ForBackward(plan, visited, new HashSet<int> { graph.ValueId("x") }));
    }

    [Fact]
    public void RunFrom_Image_FusesAndEqualsFreshRun()
    {
        var graph = Focus(Layout.RowsThenColumns, YoloOrder);
        var session = new Session(graph);
        var first = Input(1, 3, 8, 48);
        var second = Input(1, 3, 8, 48);
        second["x"].Floats.Reverse();
        using var pass = session.Run(first, new RunOptions { RerunFrom = ["x"] });
        var rerun = pass.RunFrom("x", second["x"]);
        using var fresh = session.Run(second, new RunOptions { FuseActivations = false });
        Assert.Equal(fresh.Output("z").ToFloatArray(), rerun[0].ToFloatArray());
        foreach (var t in rerun) t.Dispose();
    }

    public static TheoryData<string> NotFocus() => ["read elsewhere", "graph output", "top half", "reversed rows", "repeated phase", "three slices", "axis 2"];

    [Theory]
    [MemberData(nameof(NotFocus))]
    public void Find_NotExactlyFocus_NoStem(string variant)
    {
        var graph = variant switch
        {
            "read elsewhere" => Focus(Layout.RowsThenColumns, YoloOrder, extra: (b, parts) => b.Nodes.Add(new Node("/other/Neg", "Neg", [parts[0]], ["n"]))),
            "graph output" => Focus(Layout.RowsThenColumns, YoloOrder, outputPart: 2),
            // x[..., :H/2, ::2] and x[..., ::-2, 1::2]: the right shape, not a phase.
            "top half" => Focus(Layout.BothAxes, YoloOrder, part: (b, k) => k == 1 ? b.Slice("x", [0, 0], [2, 3], steps: [1, 2], ends: [4, long.MaxValue]) : null),
            "reversed rows" => Focus(Layout.BothAxes, YoloOrder, part: (b, k) => k == 2 ? b.Slice("x", [-1, 1], [2, 3], steps: [-2, 2], ends: [long.MinValue, long.MaxValue]) : null),
            "repeated phase" => Focus(Layout.BothAxes, [0, 2, 2, 3]),
            "three slices" => Focus(Layout.BothAxes, [0, 2, 1]),
            _ => Focus(Layout.BothAxes, YoloOrder, concatAxis: 2),
        };
        var x = Input(1, 3, 8, 8)["x"];
        Assert.Empty(PlanFor(graph, x).FocusStems);
        // Whatever the graph, it still runs as written.
        using var pass = new Session(graph).Run(new Dictionary<string, Tensor> { ["x"] = x }, new RunOptions { Profile = true });
        Assert.DoesNotContain(pass.NodeTimes!, t => t.Node.OpType == FocusSpaceToDepth.OpType);
    }

    [Fact]
    public void Run_YoloxNano_StemFusedAndOutputsEqualUnfusedStem()
    {
        var session = TestModels.Asset("yolox_nano").Session;
        var x = Input(1, 3, 416, 416)["x"];
        var stem = Assert.Single(session.GetPlan(1, 3, 416, 416).FocusStems);
        Assert.Equal(8, stem.Absorbed.Length);
        string slice = session.Graph.ValueName(stem.Hidden[0]);
        using var fused = session.Run(x, new RunOptions { Profile = true });
        // A tap on one slice leaves the stem to its Slices; every other fusion is the same, so outputs match exactly.
        using var plain = session.Run(x, new RunOptions { Profile = true, Taps = [slice] });
        Assert.Contains(fused.NodeTimes!, t => t.Node.OpType == FocusSpaceToDepth.OpType);
        Assert.DoesNotContain(fused.NodeTimes!, t => t.Node.OpType == "Slice");
        Assert.Equal(8, plain.NodeTimes!.Count(t => t.Node.OpType == "Slice"));
        for (int k = 0; k < plain.Outputs.Count; k++)
            Assert.Equal(plain.Outputs[k].ToFloatArray(), fused.Outputs[k].ToFloatArray());
    }
}
