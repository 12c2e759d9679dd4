using CamSharp.Onnx;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Onnx;

/// <summary>The loader on the real models in shared/fixtures and shared/assets.</summary>
public class OnnxModelTests
{
    public static TheoryData<string> FloatModels() => new(TestModels.FloatModelFiles());

    [Fact]
    public void FloatModels_CoverBothFolders()
    {
        var files = TestModels.FloatModelFiles().ToList();
        Assert.Contains("resnet18.onnx", files);
        Assert.Contains("yolov8n_dequant_fp32.onnx", files);
        Assert.Contains("squeezenet1.1_fp16_winml.onnx", files);
        Assert.True(files.Count >= 12, $"only {files.Count} models found");
    }

    [Theory]
    [MemberData(nameof(FloatModels))]
    public void Load_EveryFloatModel_GivesAConsistentGraph(string file)
    {
        var model = TestModels.Get(file);

        Assert.NotEmpty(model.Nodes);
        Assert.NotEmpty(model.Inputs);
        Assert.NotEmpty(model.Outputs);
        Assert.InRange(model.Opset, 7, 21);
        Assert.All(model.Inputs, i => Assert.False(model.Initializers.ContainsKey(i.Name), $"{i.Name} is an initializer"));
        var produced = model.Nodes.SelectMany(n => n.Outputs).ToHashSet();
        Assert.All(model.Outputs, o => Assert.Contains(o.Name, produced));
        // Every weight that a node reads came through with a plausible size.
        Assert.All(model.Initializers, kv => Assert.Equal(ShapeUtil.Size(kv.Value.Shape), kv.Value.Length));
    }

    [Fact]
    public void Load_Resnet18_HasTheExportedGraph()
    {
        var model = TestModels.Get("resnet18.onnx");

        Assert.Equal(8, model.IrVersion);
        Assert.Equal(17, model.Opset);
        Assert.Equal("pytorch", model.ProducerName);
        Assert.Equal("1.13.0", model.ProducerVersion);
        var input = Assert.Single(model.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal([-1, 3, -1, -1], input.Shape!);
        Assert.Equal(new string?[] { "N", null, "H", "W" }, input.DimParams);
        Assert.Equal([-1, 1000], Assert.Single(model.Outputs).Shape!);
        Assert.Equal(20, model.Nodes.Count(n => n.OpType == "Conv"));
        // torchvision's 11,689,512 parameters less one per BatchNorm channel (4,800): the
        // export folds each BatchNorm's scale and shift into its Conv's weight and bias.
        long parameters = model.Initializers.Values.Sum(t => (long)t.Length);
        Assert.Equal(11_684_712, parameters);
        var conv = model.Nodes.First(n => n.Name == "/conv1/Conv");
        Assert.Equal([7L, 7L], conv.Attributes.GetInts("kernel_shape")!);
        Assert.Equal([2L, 2L], conv.Attributes.GetInts("strides")!);
    }

    [Fact]
    public void Load_SqueezenetFp16_WidensWeightsAndIoButRemembersFloat16()
    {
        var fp16 = TestModels.Get("squeezenet1.1_fp16_winml.onnx");
        var fp32 = TestModels.Get("squeezenet1.1_caffe2_fp32.onnx");

        var input = Assert.Single(fp16.Inputs);
        Assert.Equal("data_0", input.Name);
        Assert.Equal(DataType.Float32, input.Type);
        Assert.Equal("FLOAT16", input.OnnxTypeName);
        Assert.Equal([1, 3, 224, 224], input.Shape!);
        Assert.Equal("FLOAT16", fp16.Outputs[0].OnnxTypeName);
        Assert.Equal("FLOAT", Assert.Single(fp32.Inputs).OnnxTypeName);
        // The fp32 copy was made by a lossless cast, so widening must give identical weights.
        Assert.Equal(52, fp16.Initializers.Count);
        foreach (var (name, t16) in fp16.Initializers)
        {
            var t32 = fp32.Initializers[name];
            Assert.Equal(DataType.Float32, t16.Type);
            Assert.Equal(t32.Shape, t16.Shape);
            Assert.True(t32.Floats.SequenceEqual(t16.Floats), $"initializer {name} differs");
        }
    }

    [Fact]
    public void Load_Ir3Model_DropsInitializersFromTheInputs()
    {
        var model = TestModels.Get("squeezenet1.1_caffe2_fp32.onnx");
        Assert.Equal(3, model.IrVersion);
        Assert.Equal(7, model.Opset);
        Assert.Equal("data_0", Assert.Single(model.Inputs).Name);
        Assert.Equal(52, model.Initializers.Count);
        Assert.All(model.Nodes, n => Assert.Equal("", n.Name));
        Assert.Equal(66, model.Nodes.Count);
    }

    [Fact]
    public void Load_UltralyticsExport_ParsesItsMetadata()
    {
        var model = TestModels.Get("yolov8n_dequant_fp32.onnx");

        Assert.Equal("detect", model.Metadata["task"]);
        Assert.Equal("Ultralytics", model.Metadata["author"]);
        var names = model.ClassNames!;
        Assert.Equal(80, names.Count);
        Assert.Equal("person", names[0]);
        Assert.Equal("traffic light", names[9]);
        Assert.Equal("toothbrush", names[79]);
        Assert.Equal([640, 640], model.ImageSize!);
        Assert.Equal(32, model.Stride);
    }

    [Fact]
    public void Load_ModelsWithoutMetadata_HaveNoClassNames()
    {
        var model = TestModels.Get("resnet18.onnx");
        Assert.Empty(model.Metadata);
        Assert.Null(model.ClassNames);
        Assert.Null(model.ImageSize);
        Assert.Null(model.Stride);
    }

    [Fact]
    public void Load_Int8Model_ListsItsUnsupportedOperatorsAtOnce()
    {
        string path = Fixtures.Asset("models/yolov8n_int8_dynamic.onnx");

        var e = Assert.Throws<UnsupportedOperatorException>(() => OnnxModel.Load(path, TestModels.FloatOptions));

        Assert.Equal(2, e.Operators.Count);
        var conv = e.Operators.Single(o => o.OpType == "ConvInteger");
        var quant = e.Operators.Single(o => o.OpType == "DynamicQuantizeLinear");
        Assert.Equal(64, conv.Count);
        Assert.Equal(59, quant.Count);
        Assert.Equal("", conv.Domain);
        Assert.Equal($"{path} uses 2 unsupported operators: " +
            "DynamicQuantizeLinear (59 nodes, e.g. 'images_QuantizeLinear'), ConvInteger (64 nodes, e.g. '/model.0/conv/Conv_quant')", e.Message);
    }

    [Fact]
    public void Load_Int8ModelWithoutOperatorCheck_StillReadsItsUint8Weights()
    {
        var model = OnnxModel.Load(Fixtures.Asset("models/yolov8n_int8_dynamic.onnx"), new OnnxLoadOptions { CheckOperators = false });
        Assert.Equal(20, model.Opset);
        Assert.Equal(9, model.IrVersion);
        var weights = model.Initializers.Values.Where(t => t.Type == DataType.Int64 && t.Rank == 4).ToList();
        Assert.NotEmpty(weights);
        Assert.All(weights, w => Assert.All(w.Longs.ToArray(), v => Assert.InRange(v, 0, 255)));
        Assert.Equal(80, model.ClassNames!.Count);
    }
}
