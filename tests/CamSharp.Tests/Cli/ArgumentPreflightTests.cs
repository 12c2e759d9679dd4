using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>
/// Issue 19 item 3: a slip on the command line gets an error that helps — unknown commands and
/// options with the closest names, never read as image paths — and the seeds' spellings work.
/// </summary>
[Collection("cli")]
public sealed class ArgumentPreflightTests
{
    private static readonly string Image = Fixtures.File("inputs/d64_a.png");
    private static readonly string Digits = Fixtures.File("models/digitcnn.onnx");
    private static readonly string Missing = Path.Combine(Path.GetTempPath(), "camsharp-no-such-model.onnx");

    [Fact]
    public void NoArguments_ListsEveryCommand()
    {
        var r = CliRunner.Run();
        Assert.Equal(0, r.ExitCode);
        foreach (var command in new[] { "demo", "cam", "featmap", "boxam", "dump", "detect", "report", "evaluate", "layers", "grad", "run" })
            Assert.Contains($"  {command}", r.Out);
        Assert.DoesNotContain("Required command", r.Out + r.Err);
    }

    [Theory]
    [InlineData("featmp", "'featmap'")]
    [InlineData("boxamm", "'boxam'")]
    [InlineData("vis_cam.py", "'cam'")]
    [InlineData("featmap_vis_demo.py", "'featmap'")]
    public void UnknownCommand_SuggestsTheClosestAndListsTheCommands(string typed, string suggested)
    {
        var r = CliRunner.Run(typed);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"Did you mean {suggested}", r.Err);
        Assert.Contains("Commands: demo, run, layers, cam", r.Err);
    }

    [Theory]
    [InlineData("cam", "--target-layer", "'--target-layers'")]
    [InlineData("cam", "--methd", "'--method'")]
    [InlineData("featmap", "--chanel-reduction", "'--channel-reduction'")]
    [InlineData("boxam", "--score-threshold", "'--score-thr'")]
    public void UnknownOption_IsAnErrorWithTheClosestNotAMissingImage(string command, string typed, string suggested)
    {
        var r = CliRunner.Run(command, Image, "--model", Missing, typed, "x");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"unknown option '{typed}' for '{command}'", r.Err);
        Assert.Contains(suggested, r.Err);
        Assert.DoesNotContain("image not found", r.Err);
        Assert.DoesNotContain("camsharp-no-such-model", r.Err); // refused before the model is read
    }

    [Theory]
    [InlineData("featmap", "--save-path", "--out-file")]
    [InlineData("cam", "--cfg-options", "no config")]
    [InlineData("cam", "--show", "no window")]
    public void PythonToolOption_IsAnErrorThatSaysWhatToUseInstead(string command, string typed, string advice)
    {
        var r = CliRunner.Run(command, Image, "--model", Missing, typed, "x");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"unknown option '{typed}'", r.Err);
        Assert.Contains(advice, r.Err);
    }

    [Fact]
    public void SeedUnderscoreSpellings_AreReadAsTheOptions()
    {
        // MMPretrain's vis_cam.py usage prints [--aug_smooth] [--eigen_smooth].
        string dir = CliRunner.TempDir(), output = Path.Combine(dir, "cam.png");
        var r = CliRunner.Run("cam", Image, "--model", Digits, "--target_layers", "block4", "--aug_smooth", "--eigen_smooth", "--save_path", output);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.True(File.Exists(output));
        Assert.Contains("block4", r.Err);
    }

    [Fact]
    public void OptionAfterTargetLayers_IsAnOptionNotALayerName()
    {
        string dir = CliRunner.TempDir(), output = Path.Combine(dir, "cam.png");
        var r = CliRunner.Run("cam", Image, "--model", Digits, "--target-layers", "block3", "block4", "--save-path", output);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.True(File.Exists(output));
        Assert.Contains("block3", r.Err);
        Assert.DoesNotContain("--save-path", r.Err);
    }

    [Fact]
    public void DeviceCpu_IsAcceptedAndChangesNothing()
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("featmap", Image, "--model", Digits, "--target-layers", "block4", "--device", "cpu", "--out-file", Path.Combine(dir, "f.png"));
        Assert.True(r.ExitCode == 0, r.Err);
    }

    [Theory]
    [InlineData("cuda:0")]
    [InlineData("cuda")]
    [InlineData("gpu")]
    public void DeviceGpu_IsRefusedAsCpuOnlyBeforeTheModelIsRead(string device)
    {
        var r = CliRunner.Run("cam", Image, "--model", Missing, "--device", device);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("CPU only", r.Err);
        Assert.Contains(device, r.Err);
        Assert.DoesNotContain("camsharp-no-such-model", r.Err);
    }

    [Fact]
    public void ModelGivenWhereImagesGo_SaysToUseModel()
    {
        var r = CliRunner.Run("cam", Digits, Image);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"give it with --model {Digits}", r.Err);
    }

    [Fact]
    public void NegativeNumber_IsAValueNotAnUnknownOption()
    {
        var r = CliRunner.Run("cam", Image, "--model", Missing, "--pad-value", "-1");
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain("unknown option", r.Err);
    }

    [Fact]
    public void BoxamPreviewModel_PrintsTheLayersAndWritesNothing()
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("boxam", "--model", Fixtures.Asset("models/yolov8n_dequant_fp32.onnx"), "--preview-model", "--out-dir", Path.Combine(dir, "out"));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("model.22", r.Out);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }
}
