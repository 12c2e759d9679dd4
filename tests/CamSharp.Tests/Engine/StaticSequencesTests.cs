using CamSharp.Engine;
using CamSharp.Onnx;
using CamSharp.Tensors;
using CamSharp.Tests.Onnx;
using Xunit;
using static CamSharp.Tests.Engine.SequenceModels;

namespace CamSharp.Tests.Engine;

public class StaticSequencesTests
{
    [Fact]
    public void Load_MvitSplit_LeavesNoLoopOrSequenceNode()
    {
        using var model = Load(MvitSplit());
        Assert.DoesNotContain(model.Graph.Nodes, n => n.OpType == "Loop" || StaticSequences.IsSequenceOperator(n));
        // SequenceAt became an Identity of the tensor it names, under its own name.
        var at = model.Graph.Nodes.Single(n => n.Name == "/pool/SequenceAt_1");
        Assert.Equal(("Identity", "last"), (at.OpType, at.Inputs[0]));
        var slice = model.Graph.Nodes.Single(n => n.Name == "/pool/Loop_iter0_Slice");
        Assert.Equal(["pool"], NodeScope.ModulePaths(slice));
        Assert.Equal(slice.Outputs[0], model.Graph.Nodes.Single(n => n.Name == "/pool/SequenceAt").Inputs[0]);
    }

    [Fact]
    public void Run_MvitSplit_EqualsThePlainSlices()
    {
        using Model split = Load(MvitSplit()), plain = Load(MvitSplit(plain: true));
        var x = X();
        using var a = split.Session.Run(x);
        using var b = plain.Session.Run(x);
        Assert.Equal(b.Output("y").Floats.ToArray(), a.Output("y").Floats.ToArray());
        Assert.Equal(x.Floats[..3].ToArray().Select(v => v * v), a.Output("y").Floats[..3].ToArray());
    }

    [Fact]
    public void Run_MvitSplit_MatchesOnnxRuntime()
    {
        // ONNX Runtime runs the Loop and the sequences as written: the same file means what the rewrite says.
        var b = MvitSplit(vectorBounds: true);
        var x = X();
        var ort = Oracle.OrtOracle.Run(b.Model, [Oracle.OracleFeed.FromFloats("x", OnnxElementType.Float, [1, 2, 6, 3], x.Floats.ToArray())], [], null);
        using var model = Load(b);
        Oracle.OracleComparison.Compare("mvit split", ort[0], model.Run(x)[0], 1e-6);
    }

    [Fact]
    public void Backward_MvitSplit_MatchesFiniteDifferences()
    {
        using var model = Load(MvitSplit());
        CheckInputGradient(model, X());
    }

    [Fact]
    public void Load_SequenceAtComputedPosition_IsRefusedNamingTheNode()
    {
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 1, 2, 6, 3).Input("pos", OnnxElementType.Int64).Output("y", OnnxElementType.Float, 1, 2, 6, 3);
        b.Node("SequenceConstruct", "/seq/SequenceConstruct", ["x", "x"], ["s"]);
        b.Node("SequenceAt", "/seq/SequenceAt", ["s", "pos"], ["y"]);
        var e = Assert.ThrowsAny<ModelException>(() => Load(b));
        Assert.Contains("Node '/seq/SequenceAt' (SequenceAt) cannot be resolved at load: its position 'pos' is not a constant", e.Message);
        Assert.Contains("outside CamSharp's scope: sequence types", e.Message);
    }

    [Fact]
    public void Load_ReaderOfAnUnresolvedSequence_IsNotReportedAgain()
    {
        // The insert's position is computed; the SequenceAt after it has nothing of its own to report.
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 2).Input("pos", OnnxElementType.Int64).Output("y", OnnxElementType.Float, 2);
        b.Node("SequenceConstruct", "/seq/SequenceConstruct", ["x", "x"], ["s"]);
        b.Node("SequenceInsert", "/seq/SequenceInsert", ["s", "x", "pos"], ["s2"]);
        Constant(b, "/seq/Constant", "zero", Longs([0]));
        b.Node("SequenceAt", "/seq/SequenceAt", ["s2", "zero"], ["y"]);
        var e = Assert.ThrowsAny<ModelException>(() => Load(b));
        Assert.Contains("Node '/seq/SequenceInsert' (SequenceInsert) cannot be resolved at load: its position 'pos' is not a constant", e.Message);
        Assert.DoesNotContain("'/seq/SequenceAt' (SequenceAt) cannot", e.Message);
    }

    [Fact]
    public void Load_SequenceCarriedByALoopThatStays_IsRefusedNamingTheLoop()
    {
        var b = MvitSplit();
        b.Graph.Node.Remove(b.Graph.Node.Single(n => n.Name == "/pool/Constant_3"));
        b.Input("M", OnnxElementType.Int64);
        var e = Assert.ThrowsAny<ModelException>(() => Load(b));
        Assert.Contains("Node '/pool/Loop' (Loop) cannot be resolved at load: it reads the sequence 'empty', and it stays a loop because its trip count M is not a constant", e.Message);
    }

    [Fact]
    public void Load_SequenceAsGraphOutput_IsRefused()
    {
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 2).Output("s", OnnxElementType.Float, 2);
        b.Node("SequenceConstruct", "/seq/SequenceConstruct", ["x"], ["s"]);
        var e = Assert.ThrowsAny<ModelException>(() => Load(b));
        Assert.Contains("the graph output 's' is a sequence", e.Message);
    }

    [Fact]
    public void Load_PositionOutOfRange_IsRefused()
    {
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 2).Output("y", OnnxElementType.Float, 2);
        b.Node("SequenceConstruct", "/seq/SequenceConstruct", ["x", "x"], ["s"]);
        Constant(b, "/seq/Constant", "two", Longs([2]));
        b.Node("SequenceAt", "/seq/SequenceAt", ["s", "two"], ["y"]);
        var e = Assert.ThrowsAny<ModelException>(() => Load(b));
        Assert.Contains("its position 2 is out of range for a sequence of 2 tensors", e.Message);
    }

    [Fact]
    public void Run_InsertEraseAtNegativePositions_PicksTheNamedTensor()
    {
        // [x, 2x, 3x] → erase at -3 → [2x, 3x] → insert 4x at -1 → [2x, 4x, 3x] → at -2 = 4x; length 3.
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 2).Output("y", OnnxElementType.Float, 2).Output("n", OnnxElementType.Int64);
        b.Initializer(ModelBuilder.Floats("k", [2, 3, 4], 3));
        Constant(b, "/c/k0", "i0", Longs([0], 1));
        Constant(b, "/c/k1", "i1", Longs([1], 1));
        Constant(b, "/c/k2", "i2", Longs([2], 1));
        Constant(b, "/c/m3", "m3", Longs([-3]));
        Constant(b, "/c/m1", "m1", Longs([-1]));
        Constant(b, "/c/m2", "m2", Longs([-2]));
        b.Node("Gather", "/g/Gather", ["k", "i0"], ["k2"]);
        b.Node("Gather", "/g/Gather_1", ["k", "i1"], ["k3"]);
        b.Node("Gather", "/g/Gather_2", ["k", "i2"], ["k4"]);
        b.Node("Mul", "/g/Mul", ["x", "k2"], ["x2"]);
        b.Node("Mul", "/g/Mul_1", ["x", "k3"], ["x3"]);
        b.Node("Mul", "/g/Mul_2", ["x", "k4"], ["x4"]);
        b.Node("SequenceConstruct", "/s/SequenceConstruct", ["x", "x2", "x3"], ["s1"]);
        b.Node("SequenceErase", "/s/SequenceErase", ["s1", "m3"], ["s2"]);
        b.Node("SequenceInsert", "/s/SequenceInsert", ["s2", "x4", "m1"], ["s3"]);
        b.Node("SequenceAt", "/s/SequenceAt", ["s3", "m2"], ["y"]);
        b.Node("SequenceLength", "/s/SequenceLength", ["s3"], ["n"]);
        using var model = Load(b);
        var outputs = model.Run(Tensor.FromFloats([1.5f, -2], 2));
        Assert.Equal([6f, -8], outputs[0].Floats.ToArray());
        Assert.Equal([3L], outputs[1].Longs.ToArray());
    }

    [Fact]
    public void Run_SplitToSequenceThenConcat_GivesTheInputBack()
    {
        // Sizes [2, 4] along axis 2, concatenated along axis 2 again.
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 1, 2, 6, 3).Output("y", OnnxElementType.Float, 1, 2, 6, 3);
        Constant(b, "/s/Constant", "sizes", Longs([2, 4], 2));
        b.Node("SplitToSequence", "/s/SplitToSequence", ["x", "sizes"], ["parts"]).Attribute.Add(Int("axis", 2));
        b.Node("ConcatFromSequence", "/s/ConcatFromSequence", ["parts"], ["y"]).Attribute.Add(Int("axis", -2));
        using var model = Load(b);
        var x = X();
        Assert.Equal(x.Floats.ToArray(), model.Run(x)[0].Floats.ToArray());
        Assert.Contains(model.Graph.Nodes, n => n is { Name: "/s/SplitToSequence", OpType: "Split" });
    }

    [Fact]
    public void Run_SplitWithoutSizesThenStack_MovesTheAxisToTheFront()
    {
        // No split: parts of 1 along the declared axis 2 (6 of them), squeezed (keepdims=0), then stacked on a
        // new axis 0: y[t, 0, c, k] = x[0, c, t, k].
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 1, 2, 6, 3).Output("y", OnnxElementType.Float, 6, 1, 2, 3).Output("n", OnnxElementType.Int64);
        var split = b.Node("SplitToSequence", "/s/SplitToSequence", ["x"], ["parts"]);
        split.Attribute.Add(Int("axis", 2));
        split.Attribute.Add(Int("keepdims", 0));
        var stack = b.Node("ConcatFromSequence", "/s/ConcatFromSequence", ["parts"], ["y"]);
        stack.Attribute.Add(Int("axis", 0));
        stack.Attribute.Add(Int("new_axis", 1));
        b.Node("SequenceLength", "/s/SequenceLength", ["parts"], ["n"]);
        using var model = Load(b);
        var x = X();
        var outputs = model.Run(x);
        Assert.Equal([6, 1, 2, 3], outputs[0].Shape);
        for (int t = 0; t < 6; t++)
            for (int c = 0; c < 2; c++)
                for (int k = 0; k < 3; k++)
                    Assert.Equal(x.Floats[(c * 6 + t) * 3 + k], outputs[0].Floats[(t * 2 + c) * 3 + k]);
        Assert.Equal([6L], outputs[1].Longs.ToArray());
    }

    [Fact]
    public void Run_SplitWithoutSizesOfAnUndeclaredAxis_IsRefused()
    {
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 1, -1).Output("n", OnnxElementType.Int64);
        b.Node("SplitToSequence", "/s/SplitToSequence", ["x"], ["parts"]).Attribute.Add(Int("axis", 1));
        b.Node("SequenceLength", "/s/SequenceLength", ["parts"], ["n"]);
        var e = Assert.ThrowsAny<ModelException>(() => Load(b));
        Assert.Contains("Node '/s/SplitToSequence' (SplitToSequence) cannot be resolved at load: the number of parts is the size of 'x' along axis 1, which is not declared", e.Message);
    }

    [Theory]
    [InlineData(0)] // no copy: the loop's output is an Identity of the sequence it was given
    [InlineData(2)]
    public void Run_SequenceCarriedThroughAnUnrolledLoop_GrowsByOnePerIteration(long m)
    {
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 2).Output("y", OnnxElementType.Float, 2).Output("n", OnnxElementType.Int64);
        Constant(b, "/l/Constant", "M", Longs([m]));
        Constant(b, "/l/Constant_1", "true", Bools(true));
        Constant(b, "/l/Constant_2", "zero", Longs([0]));
        b.Node("SequenceConstruct", "/l/SequenceConstruct", ["x"], ["s"]);
        var body = new CamSharp.Onnx.Proto.GraphProto { Name = "append" };
        body.Input.Add(ModelBuilder.Value("i", OnnxElementType.Int64, []));
        body.Input.Add(ModelBuilder.Value("cond_in", OnnxElementType.Bool, []));
        body.Input.Add(SequenceValue("seq_in"));
        body.Node.Add(Node("Neg", "/l/Neg", ["x"], ["minus"]));
        body.Node.Add(Node("SequenceInsert", "/l/SequenceInsert", ["seq_in", "minus"], ["seq_out"]));
        body.Node.Add(Node("Identity", "/l/Identity", ["cond_in"], ["cond_out"]));
        body.Output.Add(ModelBuilder.Value("cond_out", OnnxElementType.Bool, []));
        body.Output.Add(SequenceValue("seq_out"));
        b.Node("Loop", "/l/Loop", ["M", "true", "s"], ["grown"]).Attribute.Add(
            new CamSharp.Onnx.Proto.AttributeProto { Name = "body", Type = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType.Graph, G = body });
        b.Node("SequenceAt", "/l/SequenceAt", ["grown", "zero"], ["y"]);
        b.Node("SequenceLength", "/l/SequenceLength", ["grown"], ["n"]);
        using var model = Load(b);
        var outputs = model.Run(Tensor.FromFloats([0.5f, -3], 2));
        Assert.Equal([0.5f, -3], outputs[0].Floats.ToArray());
        Assert.Equal([1 + m], outputs[1].Longs.ToArray());
    }

    [Fact]
    public void Run_NoSequenceOperator_ReturnsTheSameNodes()
    {
        var nodes = new List<Node> { new("/relu/Relu", "Relu", ["x"], ["y"]) };
        var problems = new List<string>();
        Assert.Same(nodes, StaticSequences.Run(nodes, new Dictionary<string, Tensor>(), ["x"], ["y"], _ => null, 17, problems));
        Assert.Empty(problems);
    }
}
