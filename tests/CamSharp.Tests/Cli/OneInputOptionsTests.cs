using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>
/// Issue 18, rerun: --save-input writes the tensor of one input. With several inputs each one
/// overwrote the last one's file (exit 0); on cam it was accepted and never written.
/// </summary>
[Collection("cli")]
public sealed class OneInputOptionsTests
{
    private static readonly string Digits = Fixtures.File("models/digitcnn.onnx");
    private static readonly string ImageA = Fixtures.File("inputs/d64_a.png");
    private static readonly string ImageB = Fixtures.File("inputs/d96_a.png");

    [Theory]
    [InlineData("run")]
    [InlineData("featmap")]
    [InlineData("dump")]
    [InlineData("cam")]
    public void SaveInput_TwoImages_RefusedNamingTheFlagNothingWritten(string command)
    {
        string dir = CliRunner.TempDir(), saved = Path.Combine(dir, "in.npy");
        string[] args = command == "run"
            ? ["run", Digits, ImageA, ImageB, "--save-input", saved]
            : [command, ImageA, ImageB, "--model", Digits, "--save-input", saved, "--out-dir", Path.Combine(dir, "o")];
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--save-input", r.Err);
        Assert.False(File.Exists(saved));
        Assert.False(Directory.Exists(Path.Combine(dir, "o")));
    }

    [Fact]
    public void SaveInput_Folder_Refused()
    {
        string dir = CliRunner.TempDir(), photos = Path.Combine(dir, "photos");
        Directory.CreateDirectory(photos);
        File.Copy(ImageA, Path.Combine(photos, "a.png"));
        var r = CliRunner.Run("featmap", photos, "--model", Digits, "--save-input", Path.Combine(dir, "in.npy"), "--out-dir", Path.Combine(dir, "o"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--save-input", r.Err);
        Assert.Contains(photos, r.Err);
    }

    [Fact]
    public void Cam_SaveInputOneImage_WritesTheTensorRunWouldSave()
    {
        string dir = CliRunner.TempDir(), fromCam = Path.Combine(dir, "cam.npy"), fromRun = Path.Combine(dir, "run.npy");
        var r = CliRunner.Run("cam", ImageA, "--model", Digits, "--save-input", fromCam, "--out-file", Path.Combine(dir, "o.png"));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.True(CliRunner.Run("run", Digits, ImageA, "--save-input", fromRun).ExitCode == 0);
        var cam = Npy.ReadTensor(fromCam);
        var run = Npy.ReadTensor(fromRun);
        Assert.Equal(run.Shape, cam.Shape);
        Assert.Equal(run.ToFloatArray(), cam.ToFloatArray());
    }
}
