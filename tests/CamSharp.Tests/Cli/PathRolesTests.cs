using CamSharp.Tests.Hardening;
using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>
/// Outputs that would land on inputs (issue 18, item 3), on special files (item 4) or on each
/// other (item 8): refused before any work, with the input left as it was.
/// </summary>
[Collection("cli")]
public sealed class PathRolesTests
{
    private static readonly string Image = Fixtures.File("inputs/d64_a.png");
    private static readonly string Digits = Fixtures.File("models/digitcnn.onnx");

    private static (string Dir, string Mine, string Model) Scratch()
    {
        string dir = CliRunner.TempDir();
        string mine = Path.Combine(dir, "mine.png");
        File.Copy(Image, mine);
        string model = Path.Combine(dir, "model.onnx");
        File.Copy(Digits, model);
        return (dir, mine, model);
    }

    private static void AssertRefusedUnchanged(CliRunner.Result r, string file, byte[] before, string mentions)
    {
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(mentions, r.Err);
        Assert.DoesNotContain("internal error", r.Err);
        Assert.DoesNotContain("target layers", r.Err); // refused before the model ran
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void Cam_SavePathIsTheImage_IsRefusedAndTheImageKept()
    {
        var (_, mine, model) = Scratch();
        var before = File.ReadAllBytes(mine);
        AssertRefusedUnchanged(CliRunner.Run("cam", mine, "--model", model, "--save-path", mine), mine, before, "same file as the images");
    }

    [Fact]
    public void Run_SaveInputIsTheModel_IsRefusedAndTheModelKept()
    {
        var (_, mine, model) = Scratch();
        var before = File.ReadAllBytes(model);
        AssertRefusedUnchanged(CliRunner.Run("run", model, mine, "--save-input", model), model, before, "same file as the model");
    }

    [Fact]
    public void Report_OutIsTheImageThroughALink_IsRefused()
    {
        var (dir, mine, model) = Scratch();
        string link = Path.Combine(dir, "alias.html");
        File.CreateSymbolicLink(link, mine);
        var before = File.ReadAllBytes(mine);
        AssertRefusedUnchanged(CliRunner.Run("report", mine, "--model", model, "--out", link), mine, before, "same file as the image");
    }

    [Fact]
    public void Cam_OutDirIsTheInputFolder_IsRefusedAndNoPhotoReplaced()
    {
        var (dir, mine, model) = Scratch();
        File.Copy(mine, Path.Combine(dir, "second.png"));
        var before = File.ReadAllBytes(mine);
        AssertRefusedUnchanged(CliRunner.Run("cam", dir, "--model", model, "--out-dir", dir), mine, before, "inside the images folder");
        AssertRefusedUnchanged(CliRunner.Run("cam", dir, "--model", model, "--out-dir", Path.Combine(dir, "out")), mine, before, "inside the images folder");
    }

    [Fact]
    public void Cam_OutDirHoldingAnInputOfTheSameName_IsRefusedBeforeWork()
    {
        var (dir, mine, model) = Scratch();
        var before = File.ReadAllBytes(mine);
        AssertRefusedUnchanged(CliRunner.Run("cam", mine, "--model", model, "--out-dir", dir), mine, before, "same file as the input");
    }

    [Fact]
    public void Cam_SavePathAndSaveRawTheSame_IsRefused()
    {
        var (dir, mine, model) = Scratch();
        string x = Path.Combine(dir, "x.png");
        var r = CliRunner.Run("cam", mine, "--model", model, "--save-path", x, "--save-raw", x);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("one would overwrite the other", r.Err);
        Assert.False(File.Exists(x));
    }

    [Fact]
    public void Run_SaveInputIsAFifo_IsRefusedWithoutBlocking()
    {
        var (dir, mine, model) = Scratch();
        string fifo = SpecialFiles.Fifo(Path.Combine(dir, "x.npy"));
        var r = CliRunner.Run("run", model, mine, "--save-input", fifo);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("FIFO", r.Err);
        Assert.Equal(CamSharp.Files.FileKind.Fifo, CamSharp.Files.FileStatus.Of(fifo).Kind);
    }

    [Fact]
    public void Run_SaveInputIsADevice_IsRefusedAndTheDeviceKept()
    {
        var (_, mine, model) = Scratch();
        var r = CliRunner.Run("run", model, mine, "--save-input", "/dev/null");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("character device", r.Err);
        Assert.Equal(CamSharp.Files.FileKind.CharacterDevice, CamSharp.Files.FileStatus.Of("/dev/null").Kind);
    }
}
