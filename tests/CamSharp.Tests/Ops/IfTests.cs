using CamSharp.Engine;
using CamSharp.Onnx.Proto;
using CamSharp.Tensors;
using CamSharp.Tests.Onnx;
using Xunit;
using AttrType = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace CamSharp.Tests.Ops;

public class IfTests
{
    /// <summary>y = sum(x) > 0 ? x · 2 : −x, the branches reading x and "two" from the outer scope.</summary>
    private static Session SignSwitch(Tensor? condition = null)
    {
        var then = new Subgraph("then", [new Node("double", "Mul", ["x", "two"], ["t_out"])], new Dictionary<string, Tensor>(), [], ["t_out"]);
        var @else = new Subgraph("else", [new Node("negate", "Neg", ["x"], ["e_out"])], new Dictionary<string, Tensor>(), [], ["e_out"]);
        var nodes = new List<Node>();
        var initializers = new Dictionary<string, Tensor> { ["two"] = Tensor.Scalar(2), ["zero"] = Tensor.Scalar(0) };
        if (condition is null)
        {
            nodes.Add(new Node("sum", "ReduceSum", ["x"], ["s"], new Attributes().Set("keepdims", 0L)));
            nodes.Add(new Node("positive", "Greater", ["s", "zero"], ["cond"]));
        }
        else initializers["cond"] = condition;
        nodes.Add(new Node("switch", "If", ["cond"], ["y"], new Attributes().Set("then_branch", then).Set("else_branch", @else)));
        return new Session(new Graph(nodes, initializers, [new GraphInput("x", DataType.Float32, [1, 3])], ["y"], 17, "if"));
    }

    [Fact]
    public void If_ConditionFromData_RunsTheChosenBranch()
    {
        var session = SignSwitch();
        using (var pass = session.Run(Tensor.FromFloats([1, 2, -1], 1, 3)))
            Assert.Equal([2f, 4, -2], pass.Output("y").Floats.ToArray());
        using (var pass = session.Run(Tensor.FromFloats([1, -5, 2], 1, 3)))
            Assert.Equal([-1f, 5, -2], pass.Output("y").Floats.ToArray());
    }

    [Fact]
    public void If_ReadsOuterValues_AsImplicitInputs()
    {
        var session = SignSwitch();
        var node = session.Graph.Nodes.Single(n => n.OpType == "If");
        Assert.Equal(["x", "two"], node.ImplicitInputs);
    }

    [Fact]
    public void If_ConstantCondition_PlansStaticShapes()
    {
        var plan = SignSwitch(Tensor.FromBools([false])).GetPlan(1, 3);
        Assert.False(plan.HasDeferred);
        Assert.Equal([1, 3], plan.ShapeOf("y"));
        using var pass = SignSwitch(Tensor.FromBools([false])).Run(Tensor.FromFloats([1, 2, 3], 1, 3));
        Assert.Equal([-1f, -2, -3], pass.Output("y").Floats.ToArray());
    }

    [Fact]
    public void If_BranchOutputCountDiffers_Throws()
    {
        var then = new Subgraph("then", [], new Dictionary<string, Tensor>(), [], ["x", "x"]);
        var @else = new Subgraph("else", [], new Dictionary<string, Tensor>(), [], ["x"]);
        var node = new Node("/test/If", "If", ["c"], ["y"], new Attributes().Set("then_branch", then).Set("else_branch", @else));
        var e = Assert.Throws<ModelException>(() => CamSharp.Ops.OperatorRegistry.Create(node, 17));
        Assert.Contains("then_branch gives 2", e.Message);
    }

    /// <summary>An ONNX file with an If whose branches read the outer input.</summary>
    private static ModelBuilder IfModel(string thenOp = "Relu", string elseOp = "Neg")
    {
        var b = new ModelBuilder().Input("x", 1, 1, 4).Input("c", 9, 1).Output("y", 1, 1, 4);
        var node = b.Node("If", "/head/If", ["c"], ["y"]);
        node.Attribute.Add(Branch("then_branch", thenOp, "then_out"));
        node.Attribute.Add(Branch("else_branch", elseOp, "else_out"));
        return b;
    }

    private static AttributeProto Branch(string name, string opType, string output)
    {
        var g = new GraphProto { Name = name };
        var n = new NodeProto { OpType = opType, Name = $"/head/{name}/{opType}" };
        n.Input.Add("x");
        n.Output.Add(output);
        g.Node.Add(n);
        g.Output.Add(ModelBuilder.Value(output, 1, [1, 4]));
        return new AttributeProto { Name = name, Type = AttrType.Graph, G = g };
    }

    [Fact]
    public void Load_IfModel_RunsEitherBranch()
    {
        var model = Model.Load(IfModel().Bytes(), "if.onnx");
        var x = Tensor.FromFloats([1, -2, 3, -4], 1, 4);
        using (var pass = model.Session.Run(new Dictionary<string, Tensor> { ["x"] = x, ["c"] = Tensor.FromBools([true], 1) }))
            Assert.Equal([1f, 0, 3, 0], pass.Output("y").Floats.ToArray());
        using (var pass = model.Session.Run(new Dictionary<string, Tensor> { ["x"] = x, ["c"] = Tensor.FromBools([false], 1) }))
            Assert.Equal([-1f, 2, -3, 4], pass.Output("y").Floats.ToArray());
    }

    [Fact]
    public void Load_UnsupportedOperatorsInsideBranches_AreListedWithTheRest()
    {
        var b = IfModel(thenOp: "FancyThen", elseOp: "FancyElse");
        b.Graph.Node.Insert(0, new NodeProto { OpType = "FancyOuter", Name = "/stem/FancyOuter", Input = { "x" }, Output = { "unused" } });
        var e = Assert.Throws<CamSharp.Onnx.UnsupportedOperatorException>(() => Model.Load(b.Bytes(), "if.onnx"));
        Assert.Equal(["FancyOuter", "FancyThen", "FancyElse"], e.Operators.Select(o => o.OpType));
        Assert.Contains("'/head/then_branch/FancyThen'", e.Message);
        Assert.Contains("'/head/else_branch/FancyElse'", e.Message);
    }

    [Fact]
    public void Load_BranchReadingAnUnknownValue_IsAProblem()
    {
        var b = IfModel();
        b.Graph.Node[0].Attribute[0].G.Node[0].Input[0] = "ghost";
        var e = Assert.ThrowsAny<ModelException>(() => Model.Load(b.Bytes(), "if.onnx"));
        Assert.Contains("'ghost'", e.Message);
    }

    [Fact]
    public void Backward_ThroughTheChosenBranch_ReachesOuterValues()
    {
        // y = x · 2 when sum(x) > 0, else −x; dy/dx is 2 or −1 per element.
        var session = SignSwitch();
        using (var pass = session.Run(Tensor.FromFloats([1, 2, -1], 1, 3), new RunOptions { GradientsFor = ["x"] }))
        {
            using var g = pass.Backward([Tensor.FromFloats([1, 10, 100], 1, 3)]);
            Assert.Equal([2f, 20, 200], g["x"].Floats.ToArray());
        }
        using (var pass = session.Run(Tensor.FromFloats([1, -5, 2], 1, 3), new RunOptions { GradientsFor = ["x"] }))
        {
            using var g = pass.Backward([Tensor.FromFloats([1, 10, 100], 1, 3)]);
            Assert.Equal([-1f, -10, -100], g["x"].Floats.ToArray());
        }
    }

    [Fact]
    public void Backward_BranchOfSeveralNodes_MatchesFiniteDifferences()
    {
        // then: (x · x) + x, with the condition a constant input of the op.
        var then = new Subgraph("then",
            [new Node("sq", "Mul", ["x", "x"], ["x2"]), new Node("add", "Add", ["x2", "x"], ["t_out"])],
            new Dictionary<string, Tensor>(), [], ["t_out"]);
        var @else = new Subgraph("else", [new Node("neg", "Neg", ["x"], ["e_out"])], new Dictionary<string, Tensor>(), [], ["e_out"]);
        var node = new Node("/test/If", "If", ["c"], ["y"], new Attributes().Set("then_branch", then).Set("else_branch", @else));
        var op = CamSharp.Ops.OperatorRegistry.Create(node, 17);
        Assert.Equal(["x"], node.ImplicitInputs);
        OpTester.CheckGradient(op, [Tensor.FromBools([true]), OpTester.RandomTensor(new Random(3), 2, 3)], [1]);
    }
}
