using CamSharp.Engine;
using CamSharp.Onnx;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Onnx;

public class StaticValuesTests
{
    [Fact]
    public void Find_ShapeChain_IsStatic()
    {
        var nodes = new List<Node>
        {
            new("/s/Shape", "Shape", ["x"], ["s"]),
            new("/s/Gather", "Gather", ["s", "k"], ["g"]),
            new("/r/Relu", "Relu", ["x"], ["r"]),
        };
        var found = StaticValues.Find(nodes, ["k"]);
        Assert.Contains("g", found);
        Assert.DoesNotContain("r", found);
    }

    [Fact]
    public void Find_IfWithStaticConditionReadingData_IsNotStatic()
    {
        // MViT's pool_skip: If(shape test) { Squeeze(tokens) } else { Identity(tokens) }.
        var then = new Subgraph("then", [new Node("/p/Squeeze", "Squeeze", ["x", "axes"], ["sq"])], new Dictionary<string, Tensor>(), [], ["sq"]);
        var otherwise = new Subgraph("else", [new Node("/p/Identity", "Identity", ["x"], ["id"])], new Dictionary<string, Tensor>(), [], ["id"]);
        var nodes = new List<Node>
        {
            new("/p/Shape", "Shape", ["x"], ["s"]),
            new("/p/Equal", "Equal", ["s", "k"], ["c"]),
            new("/p/If", "If", ["c"], ["y"], new Attributes().Set("then_branch", then).Set("else_branch", otherwise)),
        };
        var found = StaticValues.Find(nodes, ["k", "axes"]);
        Assert.Contains("c", found);
        Assert.DoesNotContain("y", found);
    }
}
