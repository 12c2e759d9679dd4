using System.Text;
using CamSharp.Imaging;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class DumpCommandTests
{
    private static string Yolo => Fixtures.Asset("models/yolov8n_dequant_fp32.onnx");

    [Fact]
    public void Dump_Yolov8n_OnePngAndNpyPerNonHeadModule()
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("dump", Fixtures.Asset("images/bus.jpg"), "--model", Yolo, "--out-dir", dir, "--n", "16");
        Assert.True(r.ExitCode == 0, r.Err);
        // model.0 … model.21; model.22 (Detect) makes the graph output and is skipped.
        var pngs = Directory.GetFiles(dir, "*.png").Select(Path.GetFileName).Order().ToArray();
        var npys = Directory.GetFiles(dir, "*.npy").Select(Path.GetFileName).ToArray();
        Assert.Equal(22, pngs.Length);
        Assert.Equal(22, npys.Length);
        Assert.All(pngs, p => Assert.Matches(@"^stage([0-9]|1[0-9]|2[01])_[A-Za-z0-9]+_features\.png$", p));
        Assert.DoesNotContain(pngs, p => p!.StartsWith("stage22_", StringComparison.Ordinal));
        // Ultralytics' names, recovered from the legacy export's scopes and each module's structure.
        string[] expected = ["stage0_Conv", "stage1_Conv", "stage2_C2f", "stage3_Conv", "stage8_C2f", "stage9_SPPF", "stage10_Upsample", "stage11_Concat", "stage12_C2f", "stage21_C2f"];
        foreach (var name in expected) Assert.Contains(name + "_features.png", pngs);
        Assert.Contains("22 stages saved", r.Out);

        // stage0: 16 channels of 320x320 at 640 input, 8 per row with 16-pixel gaps; the .npy holds all channels, C×H×W, NumPy's <f4 C order.
        var grid = ImageDecoder.Load(Path.Combine(dir, "stage0_Conv_features.png"));
        Assert.Equal((8 * 320 + 7 * 16, 2 * 320 + 16), (grid.Width, grid.Height));
        Assert.Equal(Rgb.White, grid[320 + 8, 100]);
        string npy = Path.Combine(dir, "stage0_Conv_features.npy");
        Assert.Equal([16, 320, 320], Npy.ReadTensor(npy).Shape);
        var header = Encoding.ASCII.GetString(File.ReadAllBytes(npy), 0, 128);
        Assert.StartsWith("\u0093NUMPY", Encoding.Latin1.GetString(File.ReadAllBytes(npy), 0, 6));
        Assert.Contains("'descr': '<f4'", header);
        Assert.Contains("'fortran_order': False", header);
        Assert.Contains("'shape': (16, 320, 320)", header);
        var stage9 = Npy.ReadTensor(Directory.GetFiles(dir, "stage9_*_features.npy").Single());
        Assert.Equal([256, 20, 20], stage9.Shape);
    }

    [Fact]
    public void Dump_NamedModules_OnlyThose()
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("dump", "--input-tensor", Fixtures.File("outputs/tensors/resnet18__d224__224x224.npy"), "--model", Fixtures.File("models/resnet18.onnx"),
            "--modules", "layer1", "layer4", "--out-dir", dir);
        Assert.True(r.ExitCode == 0, r.Err);
        var npys = Directory.GetFiles(dir, "*.npy").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(2, npys.Length);
        var reference = Fixtures.Npy("outputs/acts/resnet18__d224__224x224__layer4.npy");
        var ours = Npy.ReadTensor(Path.Combine(dir, npys.Single(n => n!.Contains("_Relu_") && Npy.ReadTensor(Path.Combine(dir, n)).Shape[0] == 512)!));
        Assertions.AssertRelative(ours.Floats, reference.Floats, 1e-4, "layer4 dump");
    }

    [Fact]
    public void Dump_ZeroChannels_ExitCode2()
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("dump", Fixtures.Asset("images/bus.jpg"), "--model", Yolo, "--n", "0", "--out-dir", Path.Combine(dir, "d"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--n", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "d")));
    }

    [Fact]
    public void Dump_UnknownModule_ExitCode2NothingWritten()
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("dump", "--input-tensor", Fixtures.File("outputs/tensors/resnet18__d224__224x224.npy"), "--model", Fixtures.File("models/resnet18.onnx"),
            "--modules", "layer9", "--out-dir", dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("layer9", r.Err);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void Dump_FolderOfImages_OneSubfolderPerImage()
    {
        string dir = CliRunner.TempDir(), images = Path.Combine(dir, "images");
        Directory.CreateDirectory(images);
        File.Copy(Fixtures.Asset("images/bus.jpg"), Path.Combine(images, "bus.jpg"));
        File.Copy(Fixtures.Asset("images/zidane.jpg"), Path.Combine(images, "zidane.jpg"));
        var r = CliRunner.Run("dump", images, "--model", Yolo, "--modules", "model.9", "--n", "8", "--out-dir", Path.Combine(dir, "out"));
        Assert.True(r.ExitCode == 0, r.Err);
        foreach (var name in new[] { "bus", "zidane" })
            Assert.True(File.Exists(Path.Combine(dir, "out", name, "stage9_SPPF_features.png")), $"no stage picture for {name}");
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(r.Out + r.Err, @"\b1 stage saved\b").Count);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(dir, "out", "bus", "stage9_SPPF_features.npy")),
            File.ReadAllBytes(Path.Combine(dir, "out", "zidane", "stage9_SPPF_features.npy")));
    }
}
