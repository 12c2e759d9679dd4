using CamSharp.Tests.Hardening;
using CamSharp.Tests.Onnx;
using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>
/// Arguments a careless user gives (issue 18, items 6, 8, 9 and 10): each is refused with
/// exit 2 and a message naming the argument or file, never an internal error, and where the
/// argument alone shows the problem, before the model is read.
/// </summary>
[Collection("cli")]
public sealed class CarelessArgumentsTests
{
    private static readonly string Image = Fixtures.File("inputs/d64_a.png");
    private static readonly string Digits = Fixtures.File("models/digitcnn.onnx");
    private static readonly string Missing = Path.Combine(Path.GetTempPath(), "camsharp-no-such-model.onnx");

    public static TheoryData<string[], string> BadArguments() => new()
    {
        { ["--image-weight", "2"], "--image-weight" },
        { ["--method", ""], "--method" },
        { ["--method", ","], "--method" },
        { ["--scale", "0"], "--scale" },
        { ["--std", "0", "0", "0"], "--std" },
        { ["--mean", "NaN", "0", "0"], "--mean" },
        { ["--concepts", "0", "--method", "dff"], "--concepts" },
        // Text that does not convert, where a validator asked for the value (an unhandled
        // InvalidOperationException and exit 134 before the fix).
        { ["--workers", "NaN"], "--workers" },
        { ["--workers", ""], "--workers" },
        { ["--scale", ""], "--scale" },
        { ["--image-weight", ""], "--image-weight" },
        { ["--max-memory", "NaN"], "--max-memory" },
        { ["--max-memory", "Infinity"], "--max-memory" },
        { ["--std", "-1", "1", "1"], "--std" },
        { ["--token-grid", "0", "0"], "--token-grid" },
        // Empty values: an ArgumentException about 'path' reached the catch-all before the fix.
        { ["--labels", ""], "--labels" },
        { ["--out-dir", ""], "--out-dir" },
        { ["--save-raw", " "], "--save-raw" },
        { ["--save-input", ""], "--save-input" },
        { ["--colormap", ""], "--colormap" },
        { ["--colormap", "bogus"], "--colormap" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Cam_BadArgument_IsRefusedBeforeTheModelIsRead(string[] extra, string mentions)
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run(["cam", Image, "--model", Missing, "--save-path", Path.Combine(dir, "o.png"), .. extra]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(mentions, r.Err);
        Assert.DoesNotContain("internal error", r.Err);
        Assert.DoesNotContain("camsharp-no-such-model", r.Err);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("10")]
    public void Cam_TargetCategoryOutOfRange_NamesTheFlag(string category)
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("cam", Image, "--model", Digits, "--target-category", category, "--save-path", Path.Combine(dir, "o.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--target-category", r.Err);
        Assert.False(File.Exists(Path.Combine(dir, "o.png")));
    }

    [Theory]
    [InlineData("--image-weight", "-1")]
    [InlineData("--image-weight", "1e39")]
    [InlineData("--max-side", "0")]
    [InlineData("--methods", ",")]
    [InlineData("--metrics", ",")]
    public void Report_BadArgument_IsRefusedBeforeTheModelIsRead(string flag, string value)
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("report", Image, "--model", Missing, "--out", Path.Combine(dir, "o.html"), flag, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(flag, r.Err);
        Assert.DoesNotContain("camsharp-no-such-model", r.Err);
    }

    [Fact]
    public void Report_TargetCategoryOutOfRange_NamesTheFlag()
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("report", Image, "--model", Digits, "--out", Path.Combine(dir, "o.html"), "--target-category", "-1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--target-category", r.Err);
    }

    [Fact]
    public void Cam_LayerWithoutAMap_IsAnInputErrorNotAnInternalOne()
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("cam", Image, "--model", Digits, "--target-layers", "logits", "--save-path", Path.Combine(dir, "o.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain("internal error", r.Err);
        Assert.Contains("'logits'", r.Err);
    }

    [Fact]
    public void Cam_ImageThatIsAFolder_SaysFolder()
    {
        // run takes folders (issue 19): an empty one says it holds no images.
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("run", Digits, dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"folder '{dir}' has no images", r.Err);
        Assert.DoesNotContain("permission denied", r.Err);
    }

    [Fact]
    public void Cam_DevZeroAsImage_IsRefusedNamingTheFile()
    {
        var r = CliRunner.Run("run", Digits, "/dev/zero");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/dev/zero", r.Err);
        Assert.Contains("character device", r.Err);
    }

    [Fact]
    public void Cam_FolderWithAFifoAndLinkLoops_ProcessesEachImageOnce()
    {
        string dir = CliRunner.TempDir(), photos = Path.Combine(dir, "photos");
        Directory.CreateDirectory(photos);
        File.Copy(Image, Path.Combine(photos, "a.png"));
        File.Copy(Image, Path.Combine(photos, "b.png"));
        SpecialFiles.Fifo(Path.Combine(photos, "stall.png"));
        Directory.CreateSymbolicLink(Path.Combine(photos, "self"), ".");
        Directory.CreateSymbolicLink(Path.Combine(photos, "again"), ".");
        var r = CliRunner.Run("cam", photos, "--model", Digits, "--out-dir", Path.Combine(dir, "out"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["a.png", "b.png"], Directory.GetFiles(Path.Combine(dir, "out")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Boxam_FolderWithACorruptImageAndTwinNames_ListsTheFailureAndKeepsBothOutputs()
    {
        string dir = CliRunner.TempDir(), photos = Path.Combine(dir, "photos");
        Directory.CreateDirectory(Path.Combine(photos, "a"));
        Directory.CreateDirectory(Path.Combine(photos, "b"));
        string bus = Fixtures.Asset("images/bus.jpg");
        File.Copy(bus, Path.Combine(photos, "a", "x.jpg"));
        File.Copy(bus, Path.Combine(photos, "b", "x.jpg"));
        File.WriteAllText(Path.Combine(photos, "a", "0bad.jpg"), "not a jpeg");
        var r = CliRunner.Run("boxam", photos, "--model", Fixtures.Asset("models/yolov8n_dequant_fp32.onnx"), "--out-dir", Path.Combine(dir, "out"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("0bad.jpg", r.Err);
        Assert.True(File.Exists(Path.Combine(dir, "out", "a", "x.jpg")) && File.Exists(Path.Combine(dir, "out", "b", "x.jpg")), r.Out + r.Err);
    }

    [Fact]
    public void Run_OutputsNamedAlikeOrWithNul_AreSavedToSeparateFiles()
    {
        string dir = CliRunner.TempDir();
        var b = ModelBuilder.Minimal();
        b.Graph.Input.Clear();
        b.Graph.Output.Clear();
        b.Graph.Node.Clear();
        b.Input("x", 1, 1, 1, 1, 1);
        foreach (var name in new[] { "a/b", "a_b", "c\0d" })
        {
            b.Node("Identity", "id_" + name.Replace('\0', '0'), ["x"], [name]);
            b.Output(name, 1, 1, 1, 1, 1);
        }
        string model = Path.Combine(dir, "m.onnx");
        File.WriteAllBytes(model, b.Bytes());
        string tensor = Path.Combine(dir, "x.npy");
        CamSharp.Tensors.Npy.WriteFile(tensor, CamSharp.Tensors.Tensor.FromFloats([1f], 1, 1, 1, 1));
        var r = CliRunner.Run("run", model, "--input-tensor", tensor, "--save-outputs", Path.Combine(dir, "out"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(dir, "out")).Length);
    }

    [Fact]
    public void Run_GraphWithoutOutputs_IsAModelError()
    {
        string dir = CliRunner.TempDir();
        var b = ModelBuilder.Minimal();
        b.Graph.Output.Clear();
        b.Graph.Node.Clear();
        string model = Path.Combine(dir, "m.onnx");
        File.WriteAllBytes(model, b.Bytes());
        var r = CliRunner.Run("run", model, Image);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no outputs", r.Err);
        Assert.DoesNotContain("internal error", r.Err);
    }
}
