using CamSharp.Engine;
using CamSharp.Features;
using CamSharp.Onnx;
using Xunit;

namespace CamSharp.Tests.Features;

public sealed class ModuleTypeNamesTests
{
    private static Node N(string name, string op, string input, string output) => new(name, op, [input], [output]);

    private static string TypeOf(string path, params Node[] nodes) =>
        ModuleTypeNames.Of(new ModuleTree(nodes, [nodes[^1].Outputs[0]], ["x"]).Find(path)!);

    /// <summary>Ultralytics' SPP/SPPF: cv1, three MaxPools (chained, or side by side on cv1), a Concat, cv2.</summary>
    private static Node[] PoolBlock(bool chained) =>
    [
        N("/model.9/cv1/conv/Conv", "Conv", "x", "c1"),
        N("/model.9/cv1/act/Sigmoid", "Sigmoid", "c1", "s1"),
        new("/model.9/cv1/act/Mul", "Mul", ["c1", "s1"], ["a1"]),
        N("/model.9/m/MaxPool", "MaxPool", "a1", "p1"),
        N("/model.9/m_1/MaxPool", "MaxPool", chained ? "p1" : "a1", "p2"),
        N("/model.9/m_2/MaxPool", "MaxPool", chained ? "p2" : "a1", "p3"),
        new("/model.9/Concat", "Concat", ["a1", "p1", "p2", "p3"], ["cat"]),
        N("/model.9/cv2/conv/Conv", "Conv", "cat", "c2"),
        N("/model.10/Resize", "Resize", "c2", "up"),
    ];

    [Fact]
    public void Of_ChainedMaxPools_Sppf() => Assert.Equal("SPPF", TypeOf("model.9", PoolBlock(chained: true)));

    [Fact]
    public void Of_ParallelMaxPools_Spp() => Assert.Equal("SPP", TypeOf("model.9", PoolBlock(chained: false)));

    [Fact]
    public void Of_LoneResize_Upsample() => Assert.Equal("Upsample", TypeOf("model.10", PoolBlock(chained: true)));

    [Fact]
    public void Of_ConvWithSiLU_Conv() => Assert.Equal("Conv", TypeOf("model.9.cv1", PoolBlock(chained: true)));

    [Fact]
    public void Of_DynamoNamespace_ClassFromMetadata()
    {
        var node = new Node("node_conv2d_3", "Conv", ["x"], ["y"])
        {
            Metadata = new Dictionary<string, string>
            {
                [NodeScope.NameScopesKey] = "['', 'model.2', 'model.2.cv1', 'conv2d_3']",
                [NodeScope.NamespaceKey] = ": DetectionModel/model.2: ultralytics.nn.modules.block.C2f/model.2.cv1: Conv/conv2d_3: aten.conv2d.default",
            },
        };
        var tree = new ModuleTree([node, N("node_relu", "Relu", "y", "z")], ["z"], ["x"]);
        Assert.Equal("C2f", ModuleTypeNames.Of(tree.Find("model.2")!));
        Assert.Equal("Conv", ModuleTypeNames.Of(tree.Find("model.2.cv1")!));
    }

    [Fact]
    public void Of_UnrecognisedStructure_OpTypeThatEndsIt()
    {
        Node[] nodes = [N("/layer1/conv/Conv", "Conv", "x", "a"), N("/layer1/Relu", "Relu", "a", "b"), N("/layer1/Tanh", "Tanh", "b", "c"), N("/fc/Gemm", "Gemm", "c", "d")];
        Assert.Equal("Tanh", TypeOf("layer1", nodes));
    }
}
