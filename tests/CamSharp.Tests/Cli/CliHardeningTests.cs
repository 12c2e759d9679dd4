using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>
/// The audit of every command's error paths: exit code 2 with one message and no stack
/// trace, output folders checked before any work, outputs replaced only on success, and
/// folders of images processed without losing the good ones when some fail.
/// </summary>
[Collection("cli")]
public sealed class CliHardeningTests
{
    private static readonly string Image = Fixtures.File("inputs/d64_a.png");
    private static readonly string Digits = Fixtures.File("models/digitcnn.onnx");

    /// <summary>Each command that writes files, with {model} and {out} (an output path or folder) to fill in.</summary>
    public static TheoryData<string, string[]> CommandsWithOutputs() => new()
    {
        { "run", ["run", "{model}", Image, "--save-outputs", "{out}"] },
        { "grad", ["grad", "{model}", Image, "--target-layers", "block4", "--out-dir", "{out}"] },
        { "dump", ["dump", Image, "--model", "{model}", "--out-dir", "{out}"] },
        { "detect", ["detect", Image, "--model", "{model}", "--out-file", "{out}/boxes.png"] },
        { "boxam", ["boxam", Image, "--model", "{model}", "--out-file", "{out}/boxam.png"] },
        { "cam", ["cam", Image, "--model", "{model}", "--save-path", "{out}/cam.png"] },
        { "featmap", ["featmap", Image, "--model", "{model}", "--out-file", "{out}/maps.png"] },
        { "featmap-dir", ["featmap", Image, "--model", "{model}", "--out-dir", "{out}"] },
        { "save-input", ["run", "{model}", Image, "--save-input", "{out}/x.npy"] },
        { "report", ["report", Image, "--model", "{model}", "--out", "{out}/report.html"] },
    };

    private static string[] Fill(string[] args, string model, string output) =>
        args.Select(a => a.Replace("{model}", model).Replace("{out}", output)).ToArray();

    private static void AssertOneErrorLine(CliRunner.Result r, string mentions)
    {
        Assert.Equal(2, r.ExitCode);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Run 'camsharp --help'", StringComparison.Ordinal) && !l.StartsWith("target layers: ", StringComparison.Ordinal)).ToArray();
        Assert.True(lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal), r.Err);
        Assert.Contains(mentions, lines[0]);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.DoesNotContain("internal error", r.Err);
    }

    [Theory]
    [MemberData(nameof(CommandsWithOutputs))]
    public void Command_UnwritableOutputFolder_IsReportedBeforeTheModelIsRead(string name, string[] args)
    {
        // A folder cannot be made under a file; the model does not exist either, so reaching it would say so instead.
        string blocker = Path.Combine(CliRunner.TempDir(), "a-file");
        File.WriteAllText(blocker, "");
        string missingModel = Path.Combine(CliRunner.TempDir(), "missing.onnx");
        var r = CliRunner.Run(Fill(args, missingModel, Path.Combine(blocker, "out")));
        AssertOneErrorLine(r, "cannot write to folder");
        Assert.DoesNotContain("missing.onnx", r.Err);
        _ = name;
    }

    [Theory]
    [MemberData(nameof(CommandsWithOutputs))]
    public void Command_MissingOrCorruptModel_ExitsTwoWithOneMessageNamingIt(string name, string[] args)
    {
        string dir = CliRunner.TempDir();
        string missing = Path.Combine(dir, "missing.onnx");
        AssertOneErrorLine(CliRunner.Run(Fill(args, missing, Path.Combine(dir, "out"))), "missing.onnx");

        string corrupt = Path.Combine(dir, "corrupt.onnx");
        File.WriteAllBytes(corrupt, [0x08, 0xFF, 0xFF, 0x12, 0x99, 0x01, 0x02]);
        AssertOneErrorLine(CliRunner.Run(Fill(args, corrupt, Path.Combine(dir, "out"))), "corrupt.onnx");
        Assert.False(Directory.Exists(Path.Combine(dir, "out")) && Directory.EnumerateFiles(Path.Combine(dir, "out")).Any(), $"{name} wrote output");
    }

    [Theory]
    [InlineData("layers")]
    [InlineData("run")]
    public void Command_ModelWithoutOutputs_ExitsTwoWithOneMessage(string command)
    {
        string dir = CliRunner.TempDir();
        string corrupt = Path.Combine(dir, "corrupt.onnx");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5]);
        AssertOneErrorLine(CliRunner.Run(command, corrupt), "corrupt.onnx");
    }

    [Theory]
    [InlineData("--max-memory", "lots", "--max-memory must be a size")]
    [InlineData("--max-memory", "1K", "memory budget")]
    [InlineData("--workers", "0", "--workers must be at least 1")]
    [InlineData("--save-path", "out.gif", "cannot tell the image format")]
    public void Cam_BadLimitsOrOutputs_ExitTwoWithOneMessage(string option, string value, string mentions)
    {
        string dir = CliRunner.TempDir();
        string target = option == "--save-path" ? Path.Combine(dir, value) : Path.Combine(dir, "cam.png");
        var args = new List<string> { "cam", Image, "--model", Digits };
        if (option != "--save-path") args.AddRange([option, value]);
        args.AddRange(["--save-path", target]);
        AssertOneErrorLine(CliRunner.Run([.. args]), mentions);
        Assert.Empty(Directory.EnumerateFiles(dir));
    }

    [Fact]
    public void Demo_MaxMemoryTooSmall_IsARefusalNotACrash()
    {
        string dir = CliRunner.TempDir();
        AssertOneErrorLine(CliRunner.Run("demo", "--out-file", Path.Combine(dir, "demo.png"), "--max-memory", "4K"), "memory budget");
        Assert.Empty(Directory.EnumerateFiles(dir));
    }

    [Fact]
    public void Cam_FailingInput_LeavesTheExistingOutputUntouched()
    {
        string dir = CliRunner.TempDir();
        string output = Path.Combine(dir, "cam.png");
        File.WriteAllText(output, "the previous result");
        string broken = Path.Combine(dir, "broken.png");
        File.WriteAllBytes(broken, File.ReadAllBytes(Image)[..200]);
        AssertOneErrorLine(CliRunner.Run("cam", broken, "--model", Digits, "--save-path", output), "broken.png");
        Assert.Equal("the previous result", File.ReadAllText(output));
        Assert.DoesNotContain(Directory.EnumerateFiles(dir), CamSharp.AtomicFile.IsTempFile);
    }

    [Theory]
    [InlineData("cam")]
    [InlineData("featmap")]
    public void Folder_WithFailingImages_WritesTheRestAndListsEachFailure(string command)
    {
        string dir = CliRunner.TempDir(), inputs = Path.Combine(dir, "in"), outputs = Path.Combine(dir, "out");
        Directory.CreateDirectory(Path.Combine(inputs, "sub"));
        File.Copy(Image, Path.Combine(inputs, "a.png"));
        File.Copy(Fixtures.File("inputs/d96_a.png"), Path.Combine(inputs, "sub", "b.png"));
        File.Copy(Image, Path.Combine(inputs, "sub", "a.png")); // same name in another folder: must not overwrite
        File.WriteAllText(Path.Combine(inputs, "c.png"), "not an image");
        File.WriteAllBytes(Path.Combine(inputs, "d.jpg"), File.ReadAllBytes(Fixtures.Asset("images/dog_cat.jfif"))[..100]);

        var args = command == "cam"
            ? new[] { "cam", inputs, "--model", Digits, "--out-dir", outputs, "--workers", "2" }
            : ["featmap", inputs, "--model", Digits, "--target-layers", "block4", "--out-dir", outputs, "--workers", "2"];
        var r = CliRunner.Run(args);

        Assert.True(r.ExitCode == 1, r.Err);
        Assert.Contains("2 of 5 inputs failed", r.Err);
        Assert.Contains("c.png: unknown image format", r.Err);
        Assert.Contains("d.jpg", r.Err);
        // Subfolders are mirrored, so the two a.png never meet.
        var written = Directory.EnumerateFiles(outputs, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(outputs, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["a.png", Path.Combine("sub", "a.png"), Path.Combine("sub", "b.png")], written);
        foreach (var f in written) Assert.True(ImageDecoder.Load(Path.Combine(outputs, f)).Width > 0);
    }

    [Fact]
    public void Folder_WhereEveryImageFails_ExitsTwo()
    {
        string dir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, "x.png"), "no");
        File.WriteAllText(Path.Combine(dir, "y.png"), "no");
        // The outputs go beside the folder: inside it they would be the next run's inputs.
        var r = CliRunner.Run("cam", dir, "--model", Digits, "--out-dir", dir + "-out");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("2 of 2 inputs failed", r.Err);
    }

    [Fact]
    public void OutDir_TemporaryFilesOfDeadRuns_AreRemovedAndOthersKept()
    {
        string dir = CliRunner.TempDir(), outputs = Path.Combine(dir, "out");
        Directory.CreateDirectory(outputs);
        string stale = Path.Combine(outputs, ".a.png.2147483647.0123abcd.camsharp-tmp");
        string ours = Path.Combine(outputs, $".b.png.{Environment.ProcessId}.0123abcd.camsharp-tmp");
        string unrelated = Path.Combine(outputs, "notes.camsharp-tmp");
        foreach (var f in new[] { stale, ours, unrelated }) File.WriteAllText(f, "partial");
        var r = CliRunner.Run("cam", Image, Fixtures.File("inputs/d96_a.png"), "--model", Digits, "--out-dir", outputs);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(ours) && File.Exists(unrelated));
    }
}
