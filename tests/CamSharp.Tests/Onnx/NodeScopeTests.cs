using CamSharp.Onnx;
using Xunit;

namespace CamSharp.Tests.Onnx;

public class NodeScopeTests
{
    [Theory]
    [InlineData("/layer4/layer4.1/relu_1/Relu", "layer4|layer4.1|layer4.1.relu_1")]
    [InlineData("/model.22/cv2.0/cv2.0.0/conv/Conv", "model.22|model.22.cv2.0|model.22.cv2.0.0|model.22.cv2.0.0.conv")]
    [InlineData("/features/features.7/conv/conv.2/Conv", "features|features.7|features.7.conv|features.7.conv.2")]
    [InlineData("/backbone/block2/block2.3/MaxPool", "backbone|backbone.block2|backbone.block2.3")]
    [InlineData("/layer1/layer10/Conv", "layer1|layer1.layer10")] // "layer10" does not extend "layer1"
    [InlineData("/a//b/Add", "a|a.b")]
    [InlineData("/Flatten", "")]
    [InlineData("/", "")]
    [InlineData("Conv_219", "")]
    [InlineData("", "")]
    public void ModulePaths_FollowTheExtendOrAppendRule(string nodeName, string expected)
    {
        var paths = NodeScope.ModulePaths(nodeName);
        Assert.Equal(expected, string.Join("|", paths));
    }

    [Theory]
    [InlineData("/layer4/layer4.1/", "layer4.1")]
    [InlineData("/model.22/cv2.0/cv2.0.0/", "model.22.cv2.0.0")]
    [InlineData("/fc/", "fc")]
    [InlineData("/", null)]
    public void PathOfScope_ReadsLayerMapScopes(string scope, string? expected) =>
        Assert.Equal(expected, NodeScope.PathOfScope(scope));

    private static CamSharp.Engine.Node Dynamo(string name, params (string Key, string Value)[] metadata) =>
        new(name, "Relu", ["x"], ["y"]) { Metadata = metadata.ToDictionary(m => m.Key, m => m.Value) };

    [Theory]
    [InlineData("['', 'layer4', 'layer4.1', 'relu']", "layer4|layer4.1")]
    [InlineData("['', 'network', 'network.0', 'linear']", "network|network.0")]
    [InlineData("['', 'blocks.2', 'blocks.2.mlp', 'blocks.2.mlp.fc1', 'linear_8']", "blocks.2|blocks.2.mlp|blocks.2.mlp.fc1")]
    [InlineData("['', 'conv2d']", "")]
    [InlineData("['']", "")]
    public void ModulePaths_DynamoNameScopes_AreTheInnerEntries(string scopes, string expected) =>
        Assert.Equal(expected, string.Join("|", NodeScope.ModulePaths(Dynamo("node_relu_3", (NodeScope.NameScopesKey, scopes)))));

    [Theory]
    [InlineData(": ResNet/layer4: Sequential/layer4.1: BasicBlock/relu: aten.relu.default", "layer4|layer4.1")]
    [InlineData(": __main__.GestureNN/network: torch.nn.modules.container.Sequential/network.0: torch.nn.modules.linear.Linear/linear: aten.linear.default",
        "network|network.0")]
    public void ModulePaths_DynamoNamespaceOnly_GivesTheSamePaths(string ns, string expected) =>
        Assert.Equal(expected, string.Join("|", NodeScope.ModulePaths(Dynamo("node_relu_3", (NodeScope.NamespaceKey, ns)))));

    [Fact]
    public void ModulePaths_NameScopesAndLegacyName_MetadataWins()
    {
        var node = Dynamo("/other/Relu", (NodeScope.NameScopesKey, "['', 'layer1', 'relu']"));
        Assert.Equal(["layer1"], NodeScope.ModulePaths(node));
    }

    [Theory]
    [InlineData("not a list")]
    [InlineData("['', 3, 'x']")]
    public void ModulePaths_UnreadableNameScopes_FallBackToTheNodeName(string scopes) =>
        Assert.Equal(["layer2"], NodeScope.ModulePaths(Dynamo("/layer2/Relu", (NodeScope.NameScopesKey, scopes))));

    [Fact]
    public void ModulePaths_TwentyThousandLevels_StopsAtMaxDepthWithLinearMemory()
    {
        string name = "/" + string.Join("/", Enumerable.Range(0, 20000).Select(i => $"m{i}")) + "/Conv";
        long before = GC.GetAllocatedBytesForCurrentThread();
        var paths = NodeScope.ModulePaths(name);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(NodeScope.MaxDepth, paths.Count);
        Assert.Equal("m0.m1", paths[1]);
        Assert.True(allocated < 16L * name.Length, $"{allocated} bytes for a {name.Length}-character name");
    }
}
