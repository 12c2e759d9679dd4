using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class RunCommandTests
{
    public static TheoryData<string> Runs() => [.. Models.TestModels.OutputsIndex.GetProperty("runs").EnumerateObject().Select(r => r.Name)];

    [Theory]
    [MemberData(nameof(Runs))]
    public void Run_FixtureTensorWithSaveOutputs_WritesReferenceOutputs(string runId)
    {
        var run = Models.TestModels.OutputsIndex.GetProperty("runs").GetProperty(runId);
        string model = Fixtures.File(run.GetProperty("onnx").GetString()!);
        string tensor = Fixtures.File(run.GetProperty("input_tensor").GetString()!);
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("run", model, "--input-tensor", tensor, "--save-outputs", dir, "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        string name = run.GetProperty("onnx_output_name").GetString()!;
        var ours = Npy.ReadTensor(Path.Combine(dir, name.Replace('/', '_').Replace(':', '_') + ".npy"));
        var reference = Fixtures.Npy(run.GetProperty("output").GetString()!);
        Assert.Equal(reference.Shape, ours.Shape);
        Assertions.AssertRelative(ours.Floats, reference.Floats, 1e-4, runId);
        Assert.Contains("\"outputs\"", r.Out);
    }

    [Fact]
    public void Run_SqueezenetOnSamoyedWithImagenet_TopClassIsSamoyed()
    {
        var r = CliRunner.Run("run", Fixtures.Asset("models/squeezenet1_1_tv.onnx"), Fixtures.Asset("images/samoyed_hub.jpg"),
            "--preprocess", "imagenet", "--json", "--topk", "3");
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        Assert.Equal(258, doc.RootElement.GetProperty("top")[0].GetProperty("class").GetInt32());
    }

    [Fact]
    public void Run_ImageTensor_EqualsOnnxRuntimeInput()
    {
        // The preprocessing chain (decode, INTER_LINEAR resize, float32 normalisation) reproduces the reference tensor exactly.
        string dir = CliRunner.TempDir();
        string saved = Path.Combine(dir, "input.npy");
        var r = CliRunner.Run("run", Fixtures.Asset("models/yolov8n_dequant_fp32.onnx"), Fixtures.Asset("images/bus.jpg"), "--save-input", saved);
        Assert.True(r.ExitCode == 0, r.Err);
        var reference = Fixtures.Npy("real/cases/yolov8n_dequant_fp32__bus.jpg/input.npy.gz");
        Assert.Equal(reference.Floats.ToArray(), Npy.ReadTensor(saved).Floats.ToArray());
    }

    [Fact]
    public void Run_SequenceModel_ListsEveryUnsupportedOperatorAndExits2()
    {
        // Sequences are resolved at load only when their structure is known; this one's split sizes are a graph input.
        var model = Path.Combine(Fixtures.Shared, "conformance", "onnx-models", "simple", "test_sequence_model8", "model.onnx");
        var r = CliRunner.Run("run", model, "--input-tensor", Fixtures.File("outputs/tensors/resnet18__d224__224x224.npy"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("(SplitToSequence) cannot be resolved at load: its split 'Splits' is not a constant", r.Err);
        Assert.Contains("SplitToSequence (1 node", r.Err);
        Assert.Contains("SequenceLength (1 node", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void Run_Int8Model_RunsItsQuantizedOperators()
    {
        var r = CliRunner.Run("run", Fixtures.Asset("models/yolov8n_int8_dynamic.onnx"), Fixtures.Asset("images/bus.jpg"));
        Assert.True(r.ExitCode == 0, r.Err);
    }

    [Fact]
    public void Run_TruncatedModel_ClearMessage()
    {
        string dir = CliRunner.TempDir();
        string path = Path.Combine(dir, "cut.onnx");
        var bytes = File.ReadAllBytes(Fixtures.File("models/digitcnn.onnx"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var r = CliRunner.Run("run", path, "--input-tensor", Fixtures.File("outputs/tensors/digitcnn__d96_a__96x96.npy"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("cut.onnx", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void Run_WrongInputShape_NamesInputAndShapes()
    {
        var r = CliRunner.Run("run", Fixtures.Asset("models/squeezenet1_1_tv.onnx"), "--input-tensor", Fixtures.File("outputs/tensors/digitcnn__d96_a__96x96.npy"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'input'", r.Err);
        Assert.Contains("[1, 3, 96, 96]", r.Err);
    }

    [Fact]
    public void Run_MissingInput_AsksForImageOrTensor()
    {
        var r = CliRunner.Run("run", Fixtures.Asset("models/squeezenet1_1_tv.onnx"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--input-tensor", r.Err);
    }

    [Fact]
    public void Run_MissingModelFile_SaysNotFound()
    {
        var r = CliRunner.Run("run", "no-such-model.onnx", "--input-tensor", "x.npy");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no-such-model.onnx", r.Err);
    }
}

/// <summary>Issue 19 item 5: run takes folders like every command that takes images.</summary>
[Collection("cli")]
public sealed class RunFolderTests
{
    [Fact]
    public void Run_FolderWithACorruptImage_PrintsEachImageSavesOutputsPerImageAndExitsOne()
    {
        string photos = Path.Combine(CliRunner.TempDir(), "photos"), outDir = Path.Combine(CliRunner.TempDir(), "out");
        Directory.CreateDirectory(photos);
        File.Copy(Fixtures.File("inputs/d64_a.png"), Path.Combine(photos, "a.png"));
        File.Copy(Fixtures.File("inputs/d96_a.png"), Path.Combine(photos, "b.png"));
        File.WriteAllText(Path.Combine(photos, "c.png"), "not an image");
        var r = CliRunner.Run("run", Fixtures.File("models/digitcnn.onnx"), photos, "--save-outputs", outDir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{Path.Combine(photos, "a.png")}:", r.Out);
        Assert.Contains($"{Path.Combine(photos, "b.png")}:", r.Out);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(outDir, "a"), "*.npy"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(outDir, "b"), "*.npy"));
        Assert.Contains("1 of 3 inputs failed", r.Err);
        Assert.Contains("c.png", r.Err);
    }
}
