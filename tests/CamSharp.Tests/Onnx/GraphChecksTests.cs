using CamSharp.Engine;
using Xunit;

namespace CamSharp.Tests.Onnx;

public class GraphChecksTests
{
    private static ModelException LoadFails(ModelBuilder b) => Assert.ThrowsAny<ModelException>(() => b.Load());

    [Fact]
    public void Load_DanglingInput_NamesTheNodeAndTheValue()
    {
        var b = new ModelBuilder().Input("x", 1, 1).Output("y", 1, 1);
        b.Node("Add", "/block/Add", ["x", "ghost"], ["y"]);
        var e = LoadFails(b);
        Assert.Contains("Node '/block/Add' (Add) reads value 'ghost'", e.Message);
        Assert.Contains("test.onnx", e.Message);
    }

    [Fact]
    public void Load_TwoNodesProducingOneValue_NamesBoth()
    {
        var b = new ModelBuilder().Input("x", 1, 1).Output("y", 1, 1);
        b.Node("Relu", "/a/Relu", ["x"], ["t"]);
        b.Node("Sigmoid", "/b/Sigmoid", ["x"], ["t"]);
        b.Node("Neg", "/c/Neg", ["t"], ["y"]);
        var e = LoadFails(b);
        Assert.Contains("Node '/b/Sigmoid' (Sigmoid) produces value 't', which Node '/a/Relu' (Relu) already produces", e.Message);
    }

    [Fact]
    public void Load_NodeOverwritingAGraphInput_IsADuplicate()
    {
        var b = new ModelBuilder().Input("x", 1, 1).Output("x", 1, 1);
        b.Node("Relu", "/a/Relu", ["x"], ["x"]);
        Assert.Contains("which a graph input already produces", LoadFails(b).Message);
    }

    [Fact]
    public void Load_SeveralProblems_AreReportedTogether()
    {
        var b = new ModelBuilder().Input("x", 1, 1).Output("y", 1, 1).Output("z", 1, 1);
        b.Node("Add", "/a/Add", ["x", "ghost"], ["y"]);
        b.Node("Relu", "", ["x"], ["y"]);
        var e = LoadFails(b);
        Assert.Contains("'ghost'", e.Message);
        Assert.Contains("(unnamed, output 'y')", e.Message);
        Assert.Contains("graph output 'z' is produced by no node", e.Message);
    }

    [Fact]
    public void Load_Cycle_NamesTheNodesAndValuesAlongIt()
    {
        var b = new ModelBuilder().Input("x", 1, 1).Output("y", 1, 1);
        b.Node("Add", "/a/Add", ["x", "c"], ["a"]);
        b.Node("Relu", "/b/Relu", ["a"], ["b"]);
        b.Node("Neg", "/c/Neg", ["b"], ["c"]);
        b.Node("Identity", "/out/Identity", ["b"], ["y"]);
        var e = LoadFails(b);
        Assert.Contains("cycle", e.Message);
        foreach (var part in new[] { "'/a/Add'", "'/b/Relu'", "'/c/Neg'", "'a'", "'b'", "'c'" })
            Assert.Contains(part, e.Message);
        Assert.DoesNotContain("Identity", e.Message);
    }

    [Fact]
    public void Load_NodeReadingItsOwnOutput_IsACycle()
    {
        var b = new ModelBuilder().Input("x", 1, 1).Output("y", 1, 1);
        b.Node("Add", "/self/Add", ["x", "y"], ["y"]);
        Assert.Contains("Node '/self/Add' (Add) -> 'y' -> Node '/self/Add' (Add)", LoadFails(b).Message);
    }

    [Fact]
    public void Load_NodesOutOfOrderButAcyclic_AreAccepted()
    {
        var b = new ModelBuilder().Input("x", 1, 1).Output("y", 1, 1);
        b.Node("Neg", "/second/Neg", ["t"], ["y"]);
        b.Node("Relu", "/first/Relu", ["x"], ["t"]);
        Assert.Equal(2, b.Load().Nodes.Count);
    }

    [Fact]
    public void Load_OptionalInputsAndOutputs_MayBeEmpty()
    {
        var b = new ModelBuilder().Input("x", 1, 1, 4).Output("y", 1, 1, 4);
        b.Node("Clip", "/clip/Clip", ["x", "", ""], ["y"]);
        b.Node("Dropout", "/drop/Dropout", ["x"], ["d", ""]);
        var model = b.Load();
        Assert.Equal(["x", "", ""], model.Nodes[0].Inputs);
    }
}
