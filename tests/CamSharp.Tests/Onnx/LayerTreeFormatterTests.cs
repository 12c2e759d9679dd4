using System.Text.Json;
using System.Text.RegularExpressions;
using CamSharp.Engine;
using CamSharp.Onnx;
using Xunit;

namespace CamSharp.Tests.Onnx;

public class LayerTreeFormatterTests
{
    /// <summary>A made-up shape per value, so the output shows which value got which shape.</summary>
    private static int[]? FakeShape(string value) => value.Length % 3 == 0 ? null : [1, value.Length, 7, 7];

    private static string[] Columns(string line) => Regex.Split(line.Trim(), " {2,}");

    [Fact]
    public void Lines_Resnet18_ShowIndentedModulesWithOutputAndShape()
    {
        var tree = TestModels.Get("resnet18.onnx").Modules;
        int[] shape = [1, 512, 7, 7];

        var lines = LayerTreeFormatter.Lines(tree, v => v.StartsWith("/layer4/") ? shape : null);

        var layer4 = lines.Single(l => l.StartsWith("layer4 "));
        Assert.Equal(["layer4", "/layer4/layer4.1/relu_1/Relu_output_0", "[1, 512, 7, 7]"], Columns(layer4));
        var block = lines.Single(l => l.TrimStart().StartsWith("layer4.1 "));
        Assert.StartsWith("  layer4.1 ", block);
        Assert.StartsWith("    layer4.1.conv1 ", lines.Single(l => l.TrimStart().StartsWith("layer4.1.conv1 ")));
        Assert.Equal(["fc", "logits", "?"], Columns(lines.Single(l => l.StartsWith("fc "))));
        // The Flatten between avgpool and fc lies outside every module and is listed after the tree.
        Assert.Equal(["/Flatten_output_0", "Flatten", "?"], Columns(lines[^1]));
        Assert.Equal(tree.All.Count() + 1, lines.Count);
    }

    [Fact]
    public void Lines_MaxDepth_CutsTheTree()
    {
        var tree = TestModels.Get("resnet18.onnx").Modules;
        var lines = LayerTreeFormatter.Lines(tree, _ => null, maxDepth: 0);
        Assert.Equal(tree.TopLevel.Count + 1, lines.Count);
    }

    [Fact]
    public void Lines_ModelWithoutScopes_ListEveryValueWithItsOp()
    {
        var model = TestModels.Get("yolox_nano.onnx");

        var lines = LayerTreeFormatter.Lines(model.Modules, FakeShape);

        Assert.Equal(model.Nodes.Count, lines.Count); // every node has one output, none constant
        var last = model.Nodes[^1];
        Assert.Equal(["output", last.OpType, "?"], Columns(lines[^1])); // "output".Length % 3 == 0
    }

    [Fact]
    public void Lines_ModuleWithSeveralOutputs_TakesOneRowEach()
    {
        var nodes = new List<Node>
        {
            new("/backbone/a/Relu", "Relu", ["x"], ["s1"]),
            new("/backbone/b/Relu", "Relu", ["s1"], ["s2"]),
            new("/neck/Add", "Add", ["s1", "s2"], ["y"]),
        };
        var lines = LayerTreeFormatter.Lines(new ModuleTree(nodes, ["y"], ["x"]), FakeShape);

        Assert.Equal(["backbone", "s1", "[1, 2, 7, 7]"], Columns(lines[0]));
        Assert.Equal(["s2", "[1, 2, 7, 7]"], Columns(lines[1]));
        Assert.Matches(@"^ {4,}s2", lines[1]);
        Assert.Equal(["backbone.a", "s1", "[1, 2, 7, 7]"], Columns(lines[2]));
        Assert.Equal(["neck", "y", "[1, 1, 7, 7]"], Columns(lines[^1]));
    }

    [Fact]
    public void FormatJson_Resnet18_NestsModulesAndListsValues()
    {
        var model = TestModels.Get("resnet18.onnx");

        using var doc = JsonDocument.Parse(LayerTreeFormatter.FormatJson(model.Modules, FakeShape));

        var modules = doc.RootElement.GetProperty("modules");
        Assert.Equal(model.Modules.TopLevel.Count, modules.GetArrayLength());
        var layer4 = modules.EnumerateArray().Single(m => m.GetProperty("path").GetString() == "layer4");
        var output = layer4.GetProperty("outputs")[0];
        Assert.Equal("/layer4/layer4.1/relu_1/Relu_output_0", output.GetProperty("name").GetString());
        Assert.Equal([1, 37, 7, 7], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["layer4.0", "layer4.1"], layer4.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("path").GetString()));
        var values = doc.RootElement.GetProperty("values");
        Assert.Equal(model.Nodes.Count, values.GetArrayLength());
        var flatten = values.EnumerateArray().Single(v => v.GetProperty("op").GetString() == "Flatten");
        Assert.Equal(JsonValueKind.Null, flatten.GetProperty("module").ValueKind);
        var logits = values.EnumerateArray().Single(v => v.GetProperty("name").GetString() == "logits");
        Assert.Equal("fc", logits.GetProperty("module").GetString());
        Assert.Equal(JsonValueKind.Null, logits.GetProperty("shape").ValueKind); // "logits".Length % 3 == 0
    }
}
