using CamSharp.Application;
using CamSharp.Cli;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tensors;
using CamSharp.Tests.Application;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class ClipInputsTests
{
    /// <summary>A folder with the tiny clip model and <paramref name="count"/> frame files named frame1.png … frameN.png.</summary>
    private static (string Dir, string Model, string[] Frames) Setup(int count, int? modelFrames = TinyClipModel.Frames)
    {
        string dir = CliRunner.TempDir();
        string model = Path.Combine(dir, "clip.onnx");
        File.WriteAllBytes(model, TinyClipModel.Bytes(modelFrames));
        string frames = Path.Combine(dir, "frames");
        Directory.CreateDirectory(frames);
        var paths = Enumerable.Range(1, count).Select(i => Path.Combine(frames, $"frame{i}.png")).ToArray();
        for (int i = 0; i < count; i++) ImageEncoder.Save(TinyClipModel.Frame(i), paths[i]);
        return (dir, model, paths);
    }

    [Fact]
    public void Cam_FramesOfOneClip_OnePictureAndTheTensorBuiltFrameByFrame()
    {
        var (dir, model, frames) = Setup(TinyClipModel.Frames);
        string output = Path.Combine(dir, "out.png"), saved = Path.Combine(dir, "clip.npy");
        var r = CliRunner.Run(["cam", .. frames, "--model", model, "--out-file", output, "--save-input", saved]);
        Assert.True(r.ExitCode == 0, r.Err);
        var picture = ImageDecoder.Load(output);
        Assert.Equal((TinyClipModel.Size, TinyClipModel.Frames * TinyClipModel.Size), (picture.Width, picture.Height));
        var expected = PreparedClip.Prepare(frames.Select(f => ImageDecoder.Load(f)).ToArray(), TinyClipModel.Size, TinyClipModel.Size, PreprocessOptions.Kinetics);
        Assert.Equal(expected.Tensor.Floats.ToArray(), Npy.ReadTensor(saved).Floats.ToArray());
    }

    [Fact]
    public void Cam_TooFewFrames_RefusedWithTAndTheCount()
    {
        var (dir, model, frames) = Setup(3);
        var r = CliRunner.Run(["cam", .. frames, "--model", model, "--out-file", Path.Combine(dir, "out.png")]);
        Assert.Equal(ExitCodes.Error, r.ExitCode);
        Assert.Contains("clips of 4 frames; 3 frames were given", r.Err);
        Assert.False(File.Exists(Path.Combine(dir, "out.png")));
    }

    [Fact]
    public void Cam_OneImageForVideoModel_SaysVideoShapeAndBothWays()
    {
        var (dir, model, frames) = Setup(1);
        var r = CliRunner.Run("cam", frames[0], "--model", model, "--out-file", Path.Combine(dir, "out.png"));
        Assert.Equal(ExitCodes.Error, r.ExitCode);
        Assert.Contains("video model", r.Err);
        Assert.Contains("4×8×8", r.Err);
        Assert.Contains("4 frames", r.Err);
        Assert.Contains("--input-tensor", r.Err);
    }

    [Fact]
    public void Cam_FolderOfTwoClips_OnePicturePerClip()
    {
        var (dir, model, _) = Setup(2 * TinyClipModel.Frames);
        string outDir = Path.Combine(dir, "out");
        var r = CliRunner.Run("cam", Path.Combine(dir, "frames"), "--model", model, "--out-dir", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(["frame1.png", "frame5.png"], Directory.GetFiles(outDir).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Run_FramesOfDynamicTModel_NeedsFramesAndPrintsTheClipsClasses()
    {
        var (_, model, frames) = Setup(3, modelFrames: null);
        var refused = CliRunner.Run(["run", model, .. frames]);
        Assert.Equal(ExitCodes.Error, refused.ExitCode);
        Assert.Contains("--frames", refused.Err);
        var r = CliRunner.Run(["run", model, .. frames, "--frames", "3"]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("clip of 3 frames", r.Out);
        Assert.Contains("output 'logits': [1, 3]", r.Out);
    }

    [Fact]
    public void Detect_VideoModel_Refused()
    {
        var (_, model, frames) = Setup(1);
        var r = CliRunner.Run("detect", frames[0], "--model", model);
        Assert.Equal(ExitCodes.Error, r.ExitCode);
        Assert.Contains("video model", r.Err);
    }

    [Fact]
    public void InFrameOrder_FolderFrames_NaturalOrderAndGivenFilesKeepTheirPlace()
    {
        var sources = new[]
        {
            new InputSource("first.png", false),
            new InputSource(Path.Combine("d", "frame10.png"), false, "d"),
            new InputSource(Path.Combine("d", "frame2.png"), false, "d"),
            new InputSource(Path.Combine("d", "frame1.png"), false, "d"),
            new InputSource("last.png", false),
        };
        Assert.Equal(["first.png", Path.Combine("d", "frame1.png"), Path.Combine("d", "frame2.png"), Path.Combine("d", "frame10.png"), "last.png"],
            ClipInputs.InFrameOrder(sources).Select(s => s.Path).ToArray());
    }

    [Fact]
    public void InFrameOrder_SameFolderTwice_EachTimeInOrder()
    {
        var once = new[] { "frame2.png", "frame1.png" }.Select(n => new InputSource(Path.Combine("d", n), false, "d")).ToArray();
        Assert.Equal(["frame1.png", "frame2.png", "frame1.png", "frame2.png"],
            ClipInputs.InFrameOrder([.. once, .. once]).Select(s => Path.GetFileName(s.Path)).ToArray());
    }
}
