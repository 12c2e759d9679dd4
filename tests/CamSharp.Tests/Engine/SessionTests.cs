using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Engine;

public sealed class SessionTests
{
    // x ─TScale(2)→ a ─TSquare→ b ─TMul(b, a)→ y ; plus a folded branch c = len(x)·... and output z = TScale(3)(a)
    private static Session Diamond()
    {
        var nodes = new List<Node>
        {
            new("s", "TScale", ["x"], ["a"], new Attributes().Set("k", 2f)),
            new("q", "TSquare", ["a"], ["b"]),
            new("m", "TMul", ["b", "a"], ["y"]),
            new("z", "TScale", ["a"], ["z"], new Attributes().Set("k", 3f)),
            new("len", "TShapeLen", ["x"], ["n"]),
            new("lenmul", "TScale", ["n"], ["n2"], new Attributes().Set("k", 10f)),
        };
        var graph = new Graph(nodes, new Dictionary<string, Tensor>(), [new GraphInput("x", DataType.Float32, [-1, 3])],
            ["y", "z", "n2"], 17, "diamond", TestOperators.Create);
        return new Session(graph);
    }

    private sealed class SumOfOutput(int output) : OutputTarget
    {
        public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
        {
            int w = outputs[output].Shape[1];
            float s = 0;
            for (int j = 0; j < w; j++)
            {
                s += outputs[output].Floats[row * w + j];
                seeds[output].Floats[row * w + j] += 1;
            }
            return s;
        }
    }

    [Fact]
    public void Run_Diamond_ComputesOutputsAndFoldsShapeBranch()
    {
        var session = Diamond();
        using var pass = session.Run(Tensor.FromFloats([1, 2, 3], 1, 3));
        Assert.Equal([8f, 64f, 216f], pass.Output("y").Floats.ToArray()); // (2x)^3
        Assert.Equal([6f, 12f, 18f], pass.Output("z").Floats.ToArray());
        Assert.Equal([30f], pass.Output("n2").Floats.ToArray());
        Assert.DoesNotContain(session.Graph.Nodes.ToList().FindIndex(n => n.Name == "lenmul"), pass.Plan.Steps);
    }

    [Fact]
    public void Backward_FanOut_AccumulatesGradients()
    {
        var session = Diamond();
        var x = Tensor.FromFloats([1, -2, 0.5f], 1, 3);
        using var pass = session.Run(x, new RunOptions { GradientsFor = ["a", "x"] });
        using var g = pass.Backward([new SumOfOutput(0)]);
        // y = a^3 → dy/da = 3a²; a = 2x → dy/dx = 6a²
        var a = new[] { 2f, -4f, 1f };
        Assert.Equal(a.Select(v => 3 * v * v), g["a"].Floats.ToArray());
        Assert.Equal(a.Select(v => 6 * v * v), g["x"].Floats.ToArray());
        Assert.Equal(8f - 64f + 1f, g.Scores[0], 4);
    }

    [Fact]
    public void Backward_TargetCountDiffersFromBatch_Throws()
    {
        var session = Diamond();
        using var pass = session.Run(Tensor.FromFloats([1, 2, 3, 4, 5, 6], 2, 3), new RunOptions { GradientsFor = ["a"] });
        var e = Assert.Throws<InputException>(() => pass.Backward([new SumOfOutput(0)]));
        Assert.Contains("batch of 2", e.Message);
    }

    [Fact]
    public void Backward_BatchRows_AreIndependent()
    {
        var session = Diamond();
        using var pass = session.Run(Tensor.FromFloats([1, 2, 3, 4, 5, 6], 2, 3), new RunOptions { GradientsFor = ["a"] });
        using var g = pass.Backward([new SumOfOutput(0), new SumOfOutput(1)]);
        // row 0 follows y (3a²), row 1 follows z (3)
        Assert.Equal([12f, 48f, 108f, 3f, 3f, 3f], g["a"].Floats.ToArray());
    }

    [Fact]
    public void RunFrom_BatchOfReplacements_EqualsFullRuns()
    {
        var session = Diamond();
        var x = Tensor.FromFloats([1, 2, 3], 1, 3);
        using var pass = session.Run(x, new RunOptions { RerunFrom = ["b"] });
        var replacement = Tensor.FromFloats([1, 1, 1, 2, 2, 2], 2, 3);
        var outs = pass.RunFrom("b", replacement);
        // y = b·a with a = 2x (cached, repeated per row); z, n2 unchanged
        Assert.Equal([2f, 4f, 6f, 4f, 8f, 12f], outs[0].Floats.ToArray());
        Assert.Equal([2, 3], outs[1].Shape);
        Assert.Equal([6f, 12f, 18f, 6f, 12f, 18f], outs[1].Floats.ToArray());
    }

    [Fact]
    public void RunFrom_ValueNotPrepared_Throws()
    {
        var session = Diamond();
        using var pass = session.Run(Tensor.FromFloats([1, 2, 3], 1, 3));
        Assert.Throws<InvalidOperationException>(() => pass.RunFrom("b", Tensor.Zeros(1, 3)));
    }

    [Fact]
    public void Run_WrongInputShape_NamesInputAndShapes()
    {
        var session = Diamond();
        var e = Assert.Throws<InputException>(() => session.Run(Tensor.Zeros(1, 4)));
        Assert.Contains("'x'", e.Message);
        Assert.Contains("[?, 3]", e.Message);
        Assert.Contains("[1, 4]", e.Message);
    }

    [Fact]
    public void Run_BatchOneBakedIn_RefusesBatchAndRunFromFallsBackToRows()
    {
        var nodes = new List<Node>
        {
            new("s", "TScale", ["x"], ["a"], new Attributes().Set("k", 2f)),
            new("flat", "TBatchOne", ["a"], ["f"]),
            new("sq", "TSquare", ["f"], ["y"]),
        };
        var graph = new Graph(nodes, new Dictionary<string, Tensor>(), [new GraphInput("x", DataType.Float32, [1, 2])], ["y"], 17, "b1", TestOperators.Create);
        var session = new Session(graph);
        Assert.Throws<InputException>(() => session.Run(Tensor.Zeros(3, 2)));
        using var pass = session.Run(Tensor.FromFloats([1, 2], 1, 2), new RunOptions { RerunFrom = ["a"] });
        var outs = pass.RunFrom("a", Tensor.FromFloats([1, 1, 2, 2, 3, 3], 3, 2));
        Assert.Equal([3, 2], outs[0].Shape);
        Assert.Equal([1f, 1f, 4f, 4f, 9f, 9f], outs[0].Floats.ToArray());
    }

    /// <summary>The image-batch check belongs to the image path: named inputs run exactly as the graph says.</summary>
    [Fact]
    public void Run_NamedInputsWithAFirstDimensionThatIsNoBatch_RunsAsTheGraphSays()
    {
        var nodes = new List<Node>
        {
            new("s", "TScale", ["x"], ["a"], new Attributes().Set("k", 2f)),
            new("flat", "TBatchOne", ["a"], ["f"]),
        };
        var graph = new Graph(nodes, new Dictionary<string, Tensor>(), [new GraphInput("x", DataType.Float32, [-1, 2])], ["f"], 17, "b1", TestOperators.Create);
        var session = new Session(graph);
        Assert.Throws<InputException>(() => session.Run(Tensor.Zeros(3, 2)));
        using var pass = session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloats([1, 2, 3, 4, 5, 6], 3, 2) });
        Assert.Equal([2f, 4, 6, 8, 10, 12], pass.Outputs[0].Floats.ToArray());
    }

    [Fact]
    public void Graph_DanglingInput_NamesNodeAndValue()
    {
        var nodes = new List<Node> { new("s", "TScale", ["nope"], ["a"]) };
        var e = Assert.Throws<ModelException>(() => new Graph(nodes, new Dictionary<string, Tensor>(), [new GraphInput("x", DataType.Float32, null)], ["a"], 17, "m", TestOperators.Create));
        Assert.Contains("'nope'", e.Message);
        Assert.Contains("'s'", e.Message);
    }

    [Fact]
    public void Graph_Cycle_IsRefused()
    {
        var nodes = new List<Node> { new("p", "TScale", ["b"], ["a"]), new("q", "TScale", ["a"], ["b"]) };
        var e = Assert.Throws<ModelException>(() => new Graph(nodes, new Dictionary<string, Tensor>(), [], ["a"], 17, "m", TestOperators.Create));
        Assert.Contains("cycle", e.Message);
    }

    [Fact]
    public void Run_FloatsIntoAUint8Input_SaysTheModelTakesIntegers()
    {
        var b = new CamSharp.Tests.Onnx.ModelBuilder().Input("x", 2, 1, 4).Output("y", 2, 1, 4);
        b.Node("Identity", "id", ["x"], ["y"]);
        var model = Model.Load(b.Bytes(), "u8.onnx");
        var e = Assert.Throws<InputException>(() => model.Run(Tensor.Zeros(1, 4)));
        Assert.Contains("u8.onnx", e.Message);
        Assert.Contains("UINT8", e.Message);
        Assert.DoesNotContain("must be Int64", e.Message);
    }

    [Fact]
    public void Run_OperatorFailure_NamesTheModelAndTheNode()
    {
        // Gather with an index fed at run time that lies outside the axis: the failure is the node's, in this file.
        var b = new CamSharp.Tests.Onnx.ModelBuilder().Input("x", 1, 1, 4).Input("i", 7, 1).Output("y", 1, 1, 1);
        var gather = b.Node("Gather", "/bad/Gather", ["x", "i"], ["y"]);
        gather.Attribute.Add(new CamSharp.Onnx.Proto.AttributeProto { Name = "axis", I = 1, Type = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType.Int });
        var model = Model.Load(b.Bytes(), "gather.onnx");
        var e = Assert.ThrowsAny<Exception>(() =>
            model.Session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.Zeros(1, 4), ["i"] = Tensor.FromLongs([10], 1) }).Dispose());
        Assert.True(e is ModelException or InputException, e.ToString());
        Assert.Contains("gather.onnx", e.Message);
        Assert.Contains("/bad/Gather", e.Message);
    }

    [Fact]
    public void GetPlan_InputTooSmallForAPoolingNode_NamesTheModelAndTheInput()
    {
        // tinyyolo pools to 1/32: a 4-pixel-high input cannot pass its MaxPools.
        var session = Models.TestModels.Fixture("tinyyolo").Session;
        var e = Assert.Throws<ModelException>(() => session.GetPlan(1, 3, 4, 2000));
        Assert.Contains("tinyyolo.onnx", e.Message);
        Assert.Contains("[1, 3, 4, 2000]", e.Message);
        Assert.Contains("MaxPool", e.Message);
    }
    /// <summary>torchvision's detection exports take one [3, H, W] image; a batch of one runs as that image, and the pass frees its copy.</summary>
    [Fact]
    public void Run_BatchOfOneOnImageListInput_SameOutputsAsTheImage()
    {
        var model = CamSharp.Tests.Detection.Heads.TorchvisionStandIns.Load(CamSharp.Tests.Detection.Heads.TorchvisionStandIns.Ssd);
        Assert.True(model.Session.TakesOneImage);
        using var image = CamSharp.Tests.Detection.Heads.TorchvisionStandIns.Image();
        using var batch = CamSharp.Tests.Detection.Heads.TorchvisionStandIns.Batch();
        using var direct = model.Session.Run(new Dictionary<string, Tensor> { [model.Session.InputName] = image });
        using var batched = model.Session.Run(batch);
        Assert.Equal(direct.Outputs.Count, batched.Outputs.Count);
        for (int k = 0; k < direct.Outputs.Count; k++)
        {
            Assert.Equal(direct.Outputs[k].Shape, batched.Outputs[k].Shape);
            for (int i = 0; i < direct.Outputs[k].Length; i++) Assert.Equal(direct.Outputs[k].GetDouble(i), batched.Outputs[k].GetDouble(i));
        }
        Assert.Equal([1, 3, 64, 64], batch.Shape);  // the caller's batch is untouched
    }
}
