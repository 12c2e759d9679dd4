using CamSharp.Cli;
using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>
/// Issue 19 item 5: one output convention. One input writes --out-file; several or a folder
/// write --out-dir with subfolders mirrored and names and extensions kept.
/// </summary>
[Collection("cli")]
public sealed class OutputPlanTests
{
    private static readonly string Image = Fixtures.File("inputs/d64_a.png");
    private static readonly string Digits = Fixtures.File("models/digitcnn.onnx");

    /// <summary>A folder of empty files at the given relative paths.</summary>
    private static string FolderWith(params string[] files)
    {
        string dir = Path.Combine(CliRunner.TempDir(), "photos");
        foreach (var f in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, f))!);
            File.WriteAllText(Path.Combine(dir, f), "");
        }
        return dir;
    }

    [Fact]
    public void ForImages_Folder_MirrorsSubfoldersAndKeepsNamesAndExtensions()
    {
        string photos = FolderWith("bird.JPEG", "birds/crow.jpg", "cats/tabby.jfif");
        string outDir = Path.Combine(CliRunner.TempDir(), "out");
        var sources = InputFiles.List([photos], null);
        var plan = OutputPlan.ForImages("cam", [photos], sources, null, outDir);
        var relative = sources.Select(s => Path.GetRelativePath(outDir, plan.PathFor(s))).ToArray();
        Assert.Equal(["bird.JPEG", Path.Combine("birds", "crow.jpg"), Path.Combine("cats", "tabby.png")], relative);
        Assert.True(Directory.Exists(Path.Combine(outDir, "cats")));
    }

    [Fact]
    public void ForImages_TwoFilesOfOneNameGivenByHand_SecondGetsASuffix()
    {
        string photos = FolderWith("a/x.jpg", "b/x.jpg");
        string a = Path.Combine(photos, "a", "x.jpg"), b = Path.Combine(photos, "b", "x.jpg");
        var sources = InputFiles.List([a, b], null);
        var plan = OutputPlan.ForImages("cam", [a, b], sources, null, Path.Combine(CliRunner.TempDir(), "out"));
        Assert.Equal(["x.jpg", "x-2.jpg"], sources.Select(s => Path.GetFileName(plan.PathFor(s))));
    }

    [Fact]
    public void ForImages_OutFileWithSeveralInputs_IsAnErrorThatSaysOutDir()
    {
        string photos = FolderWith("a.png", "b.png");
        var sources = InputFiles.List([photos], null);
        var e = Assert.Throws<CliException>(() => OutputPlan.ForImages("featmap", [photos], sources, Path.Combine(CliRunner.TempDir(), "x.png"), null));
        Assert.Contains("--out-dir", e.Message);
        Assert.Contains(photos, e.Message);
    }

    [Fact]
    public void ForImages_BothFlags_IsAnError()
    {
        var sources = InputFiles.List([Image], null);
        var e = Assert.Throws<CliException>(() => OutputPlan.ForImages("cam", [Image], sources, "a.png", "out", "--save-path"));
        Assert.Contains("either --save-path or --out-dir", e.Message);
    }

    [Fact]
    public void ForFolders_OneInputWithOutDir_WritesIntoItSeveralGetASubfolderEach()
    {
        string photos = FolderWith("a.png", "sub/b.png");
        string outDir = Path.Combine(CliRunner.TempDir(), "out");
        var one = InputFiles.List([Path.Combine(photos, "a.png")], null);
        Assert.Equal(outDir, OutputPlan.ForFolders("dump", [], one, outDir).PathFor(one[0]));
        var several = InputFiles.List([photos], null);
        var plan = OutputPlan.ForFolders("dump", [photos], several, outDir);
        Assert.Equal([Path.Combine(outDir, "a"), Path.Combine(outDir, "sub", "b")], several.Select(plan.PathFor));
    }

    [Fact]
    public void DefaultFolder_IsOneFolderPerCommandUnderCamsharpOutput() =>
        Assert.Equal(Path.Combine("camsharp_output", "featmap"), OutputPlan.DefaultFolder("featmap"));

    [Theory]
    [InlineData("cam")]
    [InlineData("featmap")]
    [InlineData("boxam")]
    [InlineData("detect")]
    public void Command_OutFileWithAFolder_IsRefusedSayingOutDir(string command)
    {
        string photos = Path.Combine(CliRunner.TempDir(), "photos");
        Directory.CreateDirectory(photos);
        File.Copy(Image, Path.Combine(photos, "a.png"));
        File.Copy(Image, Path.Combine(photos, "b.png"));
        var r = CliRunner.Run(command, photos, "--model", Digits, "--out-file", Path.Combine(CliRunner.TempDir(), "x.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("use --out-dir", r.Err);
    }

    [Fact]
    public void Featmap_OneImage_SaysWhatItWrote()
    {
        string output = Path.Combine(CliRunner.TempDir(), "f.png");
        var r = CliRunner.Run("featmap", Image, "--model", Digits, "--target-layers", "block4", "--out-file", output);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains($"wrote {output}", r.Out);
    }

    [Fact]
    public void Featmap_FolderKeepsUppercaseExtension_BirdJpegStaysBirdJpeg()
    {
        string photos = Path.Combine(CliRunner.TempDir(), "photos"), outDir = Path.Combine(CliRunner.TempDir(), "out");
        Directory.CreateDirectory(Path.Combine(photos, "more"));
        File.Copy(Fixtures.Asset("images/bird.JPEG"), Path.Combine(photos, "bird.JPEG"));
        File.Copy(Image, Path.Combine(photos, "more", "a.png"));
        var r = CliRunner.Run("featmap", photos, "--model", Digits, "--target-layers", "block4", "--preprocess", "raw", "--input-size", "64", "64", "--out-dir", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.True(ImageDecoder.Load(Path.Combine(outDir, "bird.JPEG")).Width > 0);
        Assert.True(File.Exists(Path.Combine(outDir, "more", "a.png")));
        Assert.Contains($"done: 2 of 2 inputs, written to {outDir}", r.Err);
    }

    [Fact]
    public void Dump_FolderOfImages_OneSubfolderPerImage()
    {
        string photos = Path.Combine(CliRunner.TempDir(), "photos"), outDir = Path.Combine(CliRunner.TempDir(), "out");
        Directory.CreateDirectory(photos);
        File.Copy(Image, Path.Combine(photos, "a.png"));
        File.Copy(Fixtures.File("inputs/d96_a.png"), Path.Combine(photos, "b.png"));
        var r = CliRunner.Run("dump", photos, "--model", Digits, "--out-dir", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        foreach (var name in new[] { "a", "b" })
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(outDir, name), "stage*_features.png"));
    }

    [Fact]
    public void Detect_FolderWithOutDir_DrawsEachImage()
    {
        string photos = Path.Combine(CliRunner.TempDir(), "photos"), outDir = Path.Combine(CliRunner.TempDir(), "out");
        Directory.CreateDirectory(photos);
        File.Copy(Fixtures.Asset("images/bus.jpg"), Path.Combine(photos, "bus.jpg"));
        File.Copy(Fixtures.Asset("images/zidane.jpg"), Path.Combine(photos, "zidane.jpg"));
        var r = CliRunner.Run("detect", photos, "--model", Fixtures.Asset("models/yolov8n_dequant_fp32.onnx"), "--out-dir", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(["bus.jpg", "zidane.jpg"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
        Assert.Contains("bus.jpg:", r.Out);
    }

    [Fact]
    public void InputFiles_FolderHoldingAnEarlierRunsOutputs_SkipsCamsharpOutput()
    {
        // 'cd photos; camsharp cam .' writes into photos/camsharp_output/cam; the next run must not explain those pictures.
        string photos = FolderWith("a.png", "camsharp_output/cam/a.png", "sub/camsharp_output/x.png", "camsharp_output.png");
        var sources = InputFiles.List([photos], null);
        Assert.Equal([Path.Combine(photos, "a.png"), Path.Combine(photos, "camsharp_output.png")], sources.Select(s => s.Path));
    }
}
