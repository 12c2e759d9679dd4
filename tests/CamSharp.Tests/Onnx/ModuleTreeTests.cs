using System.Text.Json;
using CamSharp.Engine;
using CamSharp.Onnx;
using Xunit;

namespace CamSharp.Tests.Onnx;

public class ModuleTreeTests
{
    /// <summary>Each (model, module) of layer_map.json whose value was found by scope.</summary>
    public static TheoryData<string, string, string> LayerMapByScope() => LayerMapEntries("scope");

    /// <summary>The entries whose module has no node of its own (BatchNorm folded into a Conv).</summary>
    public static TheoryData<string, string, string> LayerMapFolded() => LayerMapEntries("numeric search");

    private static TheoryData<string, string, string> LayerMapEntries(string how)
    {
        var data = new TheoryData<string, string, string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.File("models/layer_map.json")));
        foreach (var model in doc.RootElement.EnumerateObject().Where(m => !m.Name.StartsWith('_')))
            foreach (var layer in model.Value.GetProperty("layers").EnumerateObject())
            {
                var output = layer.Value.GetProperty("onnx_output");
                if (output.ValueKind == JsonValueKind.String && layer.Value.GetProperty("how").GetString() == how)
                    data.Add(model.Name, layer.Name, output.GetString()!);
            }
        return data;
    }

    [Fact]
    public void LayerMap_HasEntriesOfBothKinds()
    {
        Assert.True(LayerMapByScope().Count >= 40, $"{LayerMapByScope().Count} scope entries");
        Assert.Equal(3, LayerMapFolded().Count);
    }

    [Theory]
    [MemberData(nameof(LayerMapByScope))]
    public void Resolve_LayerMapModule_GivesExactlyItsVerifiedValue(string model, string module, string value)
    {
        var tree = TestModels.Get($"{model}.onnx").Modules;
        Assert.Equal([value], tree.Resolve(module));
        Assert.Equal([value], tree.Resolve(value));
    }

    [Theory]
    [MemberData(nameof(LayerMapFolded))]
    public void Resolve_FoldedModule_IsUnknownButItsValueIsNot(string model, string module, string value)
    {
        var tree = TestModels.Get($"{model}.onnx").Modules;
        Assert.Null(tree.Find(module));
        var e = Assert.Throws<InputException>(() => tree.Resolve(module));
        Assert.Contains($"'{module}'", e.Message);
        Assert.Contains("BatchNorm", e.Message);
        Assert.Equal([value], tree.Resolve(value));
    }

    [Fact]
    public void Build_Resnet18_NestsLayersAndBlocks()
    {
        var tree = TestModels.Get("resnet18.onnx").Modules;

        Assert.Equal(["conv1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool", "fc"], tree.TopLevel.Select(m => m.Path));
        var layer4 = tree.Find("layer4")!;
        Assert.Equal(["layer4.0", "layer4.1"], layer4.Children.Select(m => m.Path));
        var block = tree.Find("layer4.1")!;
        Assert.Equal("1", block.Name);
        Assert.Same(layer4, block.Parent);
        Assert.Equal(["layer4.1.conv1", "layer4.1.relu", "layer4.1.conv2", "layer4.1.relu_1"], block.Children.Select(m => m.Path));
        Assert.Equal(5, block.Nodes.Count); // conv1, relu, conv2, the residual Add, relu_1
        Assert.Contains(tree.Find("layer4.0.downsample.0"), tree.All);
        Assert.Equal(block.Nodes.Count + tree.Find("layer4.0")!.Nodes.Count, layer4.Nodes.Count);
    }

    [Fact]
    public void Build_Yolov8n_ListsModel0To22InDataOrder()
    {
        var tree = TestModels.Get("yolov8n_dequant_fp32.onnx").Modules;

        Assert.Equal(Enumerable.Range(0, 23).Select(i => $"model.{i}"), tree.TopLevel.Select(m => m.Path));
        Assert.NotNull(tree.Find("model.22.cv2.0.0.conv"));
        Assert.Equal(["/model.9/cv2/act/Mul_output_0"], tree.Resolve("model.9"));
        Assert.Equal(["output0"], tree.Resolve("model.22"));
        // The neck reads model.4 and model.6 again later; each is still one output.
        Assert.Equal(["/model.4/cv2/act/Mul_output_0"], tree.Resolve("model.4"));
    }

    [Fact]
    public void Build_SqueezenetTorchvision_ResolvesFeatures12()
    {
        var tree = TestModels.Get("squeezenet1_1_tv.onnx").Modules;
        Assert.Equal(["/features/features.12/Concat_output_0"], tree.Resolve("features.12"));
        Assert.Equal(["features", "classifier"], tree.TopLevel.Select(m => m.Path));
        Assert.Equal(["logits"], tree.Resolve("/Flatten")); // a node name outside every module
    }

    [Fact]
    public void Build_YoloxWithoutScopes_ResolvesValueAndNodeNames()
    {
        var model = TestModels.Get("yolox_nano.onnx");
        var tree = model.Modules;

        Assert.False(tree.HasScopes);
        Assert.Empty(tree.All);
        Assert.Equal(["output"], tree.Resolve("output"));
        Assert.Equal(["images"], tree.Resolve("images"));
        var lastConv = model.Nodes.Last(n => n.OpType == "Conv");
        Assert.Equal(lastConv.Outputs, tree.Resolve(lastConv.Name));
        var e = Assert.Throws<InputException>(() => tree.Resolve("backbone"));
        Assert.DoesNotContain("BatchNorm", e.Message);
    }

    [Fact]
    public void Resolve_ScopeText_GivesTheModuleOutputs()
    {
        var tree = TestModels.Get("resnet18.onnx").Modules;
        Assert.Equal(tree.Resolve("layer4.1"), tree.Resolve("/layer4/layer4.1/"));
        Assert.Equal(["/layer4/layer4.1/relu_1/Relu_output_0"], tree.Resolve("/layer4/layer4.1/relu_1/Relu"));
    }

    [Fact]
    public void Resolve_UnknownName_ListsTheClosestCandidates()
    {
        var tree = TestModels.Get("resnet18.onnx").Modules;

        var typo = Assert.Throws<InputException>(() => tree.Resolve("layer5"));
        Assert.StartsWith($"{tree.Source} has no module, value or node named 'layer5'. Closest: layer1, layer2, layer3, layer4", typo.Message);
        var prefix = Assert.Throws<InputException>(() => tree.Resolve("layer4.1.con"));
        Assert.Contains("Closest: layer4.1.conv1, layer4.1.conv2,", prefix.Message);
        var deep = Assert.Throws<InputException>(() => tree.Resolve("layer4.1.conv3"));
        Assert.Contains("Closest: layer4.1.conv1, layer4.1.conv2", deep.Message);
        Assert.Contains("BatchNorm", deep.Message); // its parent layer4.1 exists
        Assert.DoesNotContain("BatchNorm", typo.Message);
    }

    [Fact]
    public void Outputs_OfABackbone_AreItsThreeStagesInGraphOrder()
    {
        var nodes = new List<Node>
        {
            new("/backbone/stage1/Conv", "Conv", ["x", "w"], ["s1"]),
            new("/backbone/Shape", "Shape", ["x"], ["shape"]),
            new("/backbone/Constant", "Constant", [], ["k"]),
            new("/backbone/stage2/Conv", "Conv", ["s1", "w"], ["s2"]),
            new("/backbone/stage3/Conv", "Conv", ["s2", "w"], ["s3"]),
            new("/backbone/stage3/Relu", "Relu", ["s3"], ["s3r"]),
            new("/neck/Concat", "Concat", ["s1", "s2", "s3r", "k"], ["n"]),
            new("/neck/Reshape", "Reshape", ["n", "shape"], ["y"]),
        };
        var tree = new ModuleTree(nodes, ["y"], ["x"], ["w"]);

        Assert.Equal(["s1", "s2", "s3r"], tree.Resolve("backbone"));
        Assert.Equal(["s3r"], tree.Resolve("backbone.stage3"));
        Assert.Equal(["y"], tree.Resolve("neck"));
        Assert.False(tree.IsActivation("shape"));
        Assert.False(tree.IsActivation("k"));
        Assert.True(tree.IsActivation("s3"));
        Assert.Equal(6, tree.Find("backbone")!.Nodes.Count);
    }

    [Fact]
    public void Outputs_IncludeGraphOutputsReadInsideTheModule()
    {
        var nodes = new List<Node>
        {
            new("/head/Conv", "Conv", ["x"], ["raw"]),
            new("/head/Sigmoid", "Sigmoid", ["raw"], ["prob"]),
        };
        var tree = new ModuleTree(nodes, ["raw", "prob"], ["x"]);
        Assert.Equal(["raw", "prob"], tree.Resolve("head"));
    }

    [Fact]
    public void Resolve_ModuleOfOnlyConstants_SaysItHasNoOutput()
    {
        var nodes = new List<Node>
        {
            new("/consts/Constant", "Constant", [], ["k"]),
            new("/body/Add", "Add", ["x", "k"], ["y"]),
        };
        var tree = new ModuleTree(nodes, ["y"], ["x"]);
        Assert.Contains("no output that depends on the input", Assert.Throws<InputException>(() => tree.Resolve("consts")).Message);
    }

    [Theory]
    [InlineData("model.9")]
    [InlineData("model.15")]
    [InlineData("model.21")]
    public void Resolve_DynamicallyQuantizedYolo_GivesTheFloatModelsValue(string module)
    {
        // The int8 model's modules hand quantized data, scale and zero point to the next
        // module; the layer is the float value they quantize, the float model's output.
        var quantized = OnnxModel.Load(Fixtures.Asset("models/yolov8n_int8_dynamic.onnx")).Modules;
        var plain = OnnxModel.Load(Fixtures.Asset("models/yolov8n_dequant_fp32.onnx")).Modules;
        Assert.Equal(plain.Resolve(module), quantized.Resolve(module));
    }

    [Fact]
    public void Unquantized_QuantizerOutputs_AreTheFloatValueTheyQuantize()
    {
        var tree = OnnxModel.Load(Fixtures.Asset("models/yolov8n_int8_dynamic.onnx")).Modules;
        const string value = "/model.15/cv2/act/Mul_output_0";
        foreach (var suffix in new[] { "_quantized", "_scale", "_zero_point" })
            Assert.Equal(value, tree.Unquantized(value + suffix));
        Assert.Equal(value, tree.Unquantized(value));
    }
}
