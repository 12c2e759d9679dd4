using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Onnx.Adapters.AdapterTesting;

namespace CamSharp.Tests.Onnx.Adapters;

public class LegacyBroadcastTests
{
    /// <summary>Opset 6: A [2, 3, 2] + B [3] with broadcast=1, axis=1 adds B along A's second axis.</summary>
    [Fact]
    public void Adapt_AxisBeforeTheEnd_AlignsBWithThatAxis()
    {
        var b = new ModelBuilder(opset: 6).Input("a", 1, 2, 3, 2).Input("b", 1, 3).Output("y", 1, 2, 3, 2);
        b.Node("Add", "add", ["a", "b"], ["y"]).Int("broadcast", 1).Int("axis", 1);
        var y = Run(b, ("a", Tensor.Zeros(2, 3, 2)), ("b", Tensor.FromFloats([10, 20, 30], 3)));
        Assert.Equal([10f, 10, 20, 20, 30, 30, 10, 10, 20, 20, 30, 30], y.Floats.ToArray());
    }

    [Fact]
    public void Adapt_AxisAtTheNumpyPosition_IsPlainBroadcasting()
    {
        var b = new ModelBuilder(opset: 6).Input("a", 1, 2, 3).Input("b", 1, 3).Output("y", 1, 2, 3);
        b.Node("Mul", "mul", ["a", "b"], ["y"]).Int("broadcast", 1).Int("axis", 1);
        var model = Load(b);
        Assert.Single(model.Onnx.Nodes);
        Assert.False(model.Onnx.Nodes[0].Attributes.Has("axis"));
        var y = model.Run(new Dictionary<string, Tensor> { ["a"] = Sequence(2, 3), ["b"] = Tensor.FromFloats([1, 2, 3], 3) })[0];
        Assert.Equal([0f, 2, 6, 3, 8, 15], y.Floats.ToArray());
    }

    [Fact]
    public void Adapt_UnknownRank_IsRefusedNamingTheNode()
    {
        var b = new ModelBuilder(opset: 6).Input("a", 1, 2, 3).Input("b", 1, 3).Output("y", 1, 2, 3);
        b.Node("Relu", "relu", ["b"], ["r"]);
        b.Node("Shape", "shape", ["r"], ["s"]);
        b.Node("Reshape", "reshape", ["r", "s"], ["q"]); // a rank the adapter cannot know at load
        b.Node("Add", "add", ["a", "q"], ["y"]).Int("broadcast", 1).Int("axis", 0);
        var e = Assert.ThrowsAny<ModelException>(() => Load(b));
        Assert.Contains("'add'", e.Message);
        Assert.Contains("axis=0", e.Message);
    }

    /// <summary>PRelu before opset 7: a slope of length C applies per channel of NCHW, so it gains two unit dims.</summary>
    [Fact]
    public void Adapt_PReluOneDimensionalSlope_IsUnsqueezedToTheChannelAxis()
    {
        var b = new ModelBuilder(opset: 6).Input("x", 1, 1, 2, 1, 2).Output("y", 1, 1, 2, 1, 2);
        b.Initializer(ModelBuilder.Floats("slope", [0.5f, 2f], 2));
        b.Node("PRelu", "prelu", ["x", "slope"], ["y"]);
        var nodes = b.Load().Nodes;
        var unsqueeze = Assert.Single(nodes, n => n.OpType == "Unsqueeze");
        Assert.Equal(["slope"], unsqueeze.Inputs);
        Assert.Equal([1L, 2], unsqueeze.Attributes.GetInts("axes")!);
        Assert.Equal(unsqueeze.Outputs[0], Assert.Single(nodes, n => n.OpType == "PRelu").Inputs[1]);
    }
}
