using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class LayersCommandTests
{
    [Theory]
    [InlineData("fixtures", "models/resnet18.onnx", 224, new[] { "layer4 ", "layer4.1 ", "[1, 512, 7, 7]" })]
    [InlineData("assets", "models/yolov8n_dequant_fp32.onnx", 640, new[] { "model.0 ", "model.9 ", "model.22 ", "[1, 84, 8400]" })]
    [InlineData("assets", "models/squeezenet1_1_tv.onnx", 224, new[] { "features.12 ", "[1, 512, 13, 13]" })]
    public void Layers_ScopedModel_ShowsModulePathsWithShapes(string root, string model, int size, string[] expected)
    {
        string path = root == "fixtures" ? Fixtures.File(model) : Fixtures.Asset(model);
        var r = CliRunner.Run("layers", path, "--input-size", $"{size}", $"{size}");
        Assert.True(r.ExitCode == 0, r.Err);
        foreach (var e in expected) Assert.Contains(e, r.Out);
    }

    [Fact]
    public void Layers_VideoModel_ShowsFiveDimensionalShapes()
    {
        // A [1, C, T, H, W] input was planned as 4-D only, so every shape printed as "?".
        string path = Path.Combine(CliRunner.TempDir(), "video.onnx");
        File.WriteAllBytes(path, Explain.VideoCamTests.TinyVideoModelBytes(stride: 2));
        var r = CliRunner.Run("layers", path);
        Assert.True(r.ExitCode == 0, r.Err);
        int frames = Explain.VideoCamTests.Frames, size = Explain.VideoCamTests.Size;
        Assert.Contains($"[1, 3, {(frames + 1) / 2}, {(size + 1) / 2}, {(size + 1) / 2}]", r.Out);
        Assert.DoesNotContain("?", r.Out.Split("\n\n", 2)[1]);
    }

    [Fact]
    public void Layers_YoloxWithoutScopes_ListsPlainValueNames()
    {
        var r = CliRunner.Run("layers", Fixtures.Asset("models/yolox_nano.onnx"));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("Conv", r.Out);
        Assert.DoesNotContain("model.", r.Out);
        Assert.Contains("[1, 3549, 85]", r.Out);
    }

    [Fact]
    public void Layers_Json_IsParsable()
    {
        var r = CliRunner.Run("layers", Fixtures.File("models/digitcnn.onnx"), "--input-size", "96", "96", "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        Assert.True(doc.RootElement.GetProperty("modules").GetArrayLength() > 0);
    }

    [Fact]
    public void Layers_JsonOfAScope200LevelsDeep_IsParsable()
    {
        // The module tree keeps 64 levels; as JSON that is past System.Text.Json's default depth
        // of 64, which was an internal error.
        var b = new Onnx.ModelBuilder().Input("x", 1, 1, 4).Output("y", 1, 1, 4);
        b.Node("Relu", "/" + string.Join("/", Enumerable.Range(0, 200).Select(i => $"m{i}")) + "/Relu", ["x"], ["y"]);
        string path = Path.Combine(CliRunner.TempDir(), "deep.onnx");
        File.WriteAllBytes(path, b.Bytes());
        var r = CliRunner.Run("layers", path, "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out, new System.Text.Json.JsonDocumentOptions { MaxDepth = 1000 });
        Assert.True(doc.RootElement.GetProperty("modules").GetArrayLength() > 0);
    }
}
