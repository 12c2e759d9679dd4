using CamSharp.Imaging;
using CamSharp.Tensors;
using CamSharp.Tests.Detection;
using CamSharp.Tests.Onnx;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class FeatmapCommandTests
{
    private static string Yolo => Fixtures.Asset("models/yolov8n_dequant_fp32.onnx");
    private static string Bus => Fixtures.Asset("images/bus.jpg");

    /// <summary>x (1×C×H×W) → /backbone/stage1/Relu → a → /backbone/stage2/Neg → b; both graph outputs, so 'backbone' has two outputs.</summary>
    private static string TwoOutputModel(string dir, int channels, int h, int w)
    {
        var b = new ModelBuilder().Input("x", 1, 1, channels, h, w).Output("a", 1, 1, channels, h, w).Output("b", 1, 1, channels, h, w);
        b.Node("Relu", "/backbone/stage1/Relu", ["x"], ["a"]);
        b.Node("Neg", "/backbone/stage2/Neg", ["a"], ["b"]);
        string path = Path.Combine(dir, "two_outputs.onnx");
        File.WriteAllBytes(path, b.Bytes());
        return path;
    }

    [Fact]
    public void Featmap_YoloThreeLayers_ThreeMapsAtStrides8To32()
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("featmap", Bus, "--model", Yolo, "--target-layers", "model.4", "model.6", "model.9",
            "--channel-reduction", "squeeze_mean", "--out-file", Path.Combine(dir, "bus.bmp"), "--save-raw", Path.Combine(dir, "raw.npy"));
        Assert.True(r.ExitCode == 0, r.Err);
        int[][] expected = [[1, 80, 80], [1, 40, 40], [1, 20, 20]];
        for (int i = 0; i < 3; i++)
        {
            var map = Npy.ReadTensor(Path.Combine(dir, $"raw.{i}.npy"));
            Assert.Equal(expected[i], map.Shape);
        }
        // bus.jpg is 810x1080: three maps two per row on the original image.
        // Each layer's caption in a bar above its map, 4-pixel gaps.
        var image = ImageDecoder.Load(Path.Combine(dir, "bus.bmp"));
        int bar = CaptionBar(810, 1080);
        Assert.Equal((2 * 810 + 4, 2 * (bar + 1080) + 4), (image.Width, image.Height));
        Assert.Equal(Rgb.White, image[810 + 4 + 400, 2 * bar + 1080 + 4 + 500]);   // the fourth cell is empty
    }

    [Fact]
    public void Featmap_ModuleWithTwoOutputs_OneMapPerOutputStacked()
    {
        string dir = CliRunner.TempDir();
        string model = TwoOutputModel(dir, 1, 8, 8);
        var x = Enumerable.Range(0, 64).Select(i => (float)(i % 7) - 3).ToArray();
        Npy.WriteFile(Path.Combine(dir, "x.npy"), Tensor.FromFloats(x, 1, 1, 8, 8));
        var r = CliRunner.Run("featmap", "--input-tensor", Path.Combine(dir, "x.npy"), "--model", model, "--channel-reduction", "squeeze_mean",
            "--out-file", Path.Combine(dir, "out.png"), "--save-raw", Path.Combine(dir, "raw.npy"));
        Assert.True(r.ExitCode == 0, r.Err);
        var raw = Npy.ReadTensor(Path.Combine(dir, "raw.npy"));
        Assert.Equal([2, 8, 8], raw.Shape);
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(Math.Max(x[i], 0), raw.Floats[i]);
            Assert.Equal(-Math.Max(x[i], 0), raw.Floats[64 + i]);
        }
        var image = ImageDecoder.Load(Path.Combine(dir, "out.png"));
        Assert.Equal((2 * 8 + 4, CaptionBar(8, 8) + 8), (image.Width, image.Height));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Featmap_BrightSquareLetterboxed_PeakOnTheSquare(bool atInputSize)
    {
        // Input 120x60 with a bright square at x 90..99, y 10..19, letterboxed into 64x64 (pad rows top and bottom).
        string dir = CliRunner.TempDir();
        string model = TwoOutputModel(dir, 3, 64, 64);
        var img = RgbImage.Filled(120, 60, new Rgb(0, 0, 0));
        Draw.FillRectangle(img, 90, 10, 100, 20, new Rgb(255, 255, 255));
        string src = Path.Combine(dir, "square.png");
        ImageEncoder.Save(img, src);
        string outFile = Path.Combine(dir, "out.png");
        var args = new List<string> { "featmap", src, "--model", model, "--target-layers", "backbone.stage1", "--channel-reduction", "squeeze_mean",
            "--preprocess", "yolo", "--out-file", outFile };
        if (atInputSize) args.Add("--at-input-size");
        var r = CliRunner.Run([.. args]);
        Assert.True(r.ExitCode == 0, r.Err);
        var result = ImageDecoder.Load(outFile);
        Assert.Equal(atInputSize ? (64, 64) : (120, 60), (result.Width, result.Height));
        // The hottest (reddest) pixel of the overlay.
        int best = int.MinValue, bx = 0, by = 0;
        for (int y = 0; y < result.Height; y++)
            for (int x = 0; x < result.Width; x++)
                if (result[x, y].R - result[x, y].B is var d && d > best) { best = d; bx = x; by = y; }
        // In the network input the square sits at x 48..53, y 16+5..16+10 (scale 64/120, 16 rows of padding).
        var (x0, x1, y0, y1) = atInputSize ? (48, 54, 21, 27) : (90, 100, 10, 20);
        Assert.InRange(bx, x0, x1);
        Assert.InRange(by, y0, y1);
    }

    [Fact]
    public void Featmap_ArrangementSmallerThanTopK_ExitCode2NothingWritten()
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("featmap", Bus, "--model", Yolo, "--channel-reduction", "none", "--topk", "3", "--arrangement", "1", "2", "--out-dir", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--arrangement", r.Err);
        Assert.Contains("--topk", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Featmap_NoneTopKZeroOn64Channels_ExitCode2WithReductionHint()
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("featmap", "--input-tensor", Fixtures.File("outputs/tensors/resnet18__d224__224x224.npy"), "--model", Fixtures.File("models/resnet18.onnx"),
            "--target-layers", "layer1", "--channel-reduction", "none", "--topk", "0", "--out-file", Path.Combine(dir, "out.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("layer1", r.Err);
        Assert.Contains("channel dimension is 64", r.Err);
        Assert.Contains("--channel-reduction", r.Err);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void Featmap_UnknownLayer_ExitCode2NamingIt()
    {
        string dir = CliRunner.TempDir();
        string model = TwoOutputModel(dir, 1, 8, 8);
        Npy.WriteFile(Path.Combine(dir, "x.npy"), Tensor.Zeros(1, 1, 8, 8));
        var r = CliRunner.Run("featmap", "--input-tensor", Path.Combine(dir, "x.npy"), "--model", model, "--target-layers", "nekc", "--out-file", Path.Combine(dir, "out.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("nekc", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(File.Exists(Path.Combine(dir, "out.png")));
    }

    [Fact]
    public void Featmap_UnwritableOutDir_ExitCode2BeforeWork()
    {
        string dir = CliRunner.TempDir();
        string blocker = Path.Combine(dir, "file");
        File.WriteAllText(blocker, "");
        var r = CliRunner.Run("featmap", Bus, "--model", Yolo, "--out-dir", Path.Combine(blocker, "sub"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("cannot write to folder", r.Err);
    }

    [Fact]
    public void Featmap_OutFileWithFolderOfImages_ExitCode2()
    {
        string dir = CliRunner.TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "imgs"));
        foreach (var n in new[] { "a.png", "b.png" }) ImageEncoder.Save(RgbImage.Filled(4, 4, Rgb.White), Path.Combine(dir, "imgs", n));
        var r = CliRunner.Run("featmap", Path.Combine(dir, "imgs"), "--model", Yolo, "--out-file", Path.Combine(dir, "x.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--out-dir", r.Err);
    }

    [Fact]
    public void Featmap_FolderOfImages_OneOutputEach()
    {
        string dir = CliRunner.TempDir();
        string model = TwoOutputModel(dir, 3, 16, 16);
        Directory.CreateDirectory(Path.Combine(dir, "imgs"));
        ImageEncoder.Save(RgbImage.Filled(20, 10, new Rgb(10, 200, 30)), Path.Combine(dir, "imgs", "a.png"));
        ImageEncoder.Save(RgbImage.Filled(10, 20, new Rgb(200, 10, 30)), Path.Combine(dir, "imgs", "b.png"));
        var r = CliRunner.Run("featmap", Path.Combine(dir, "imgs"), "--model", model, "--preprocess", "raw", "--out-dir", Path.Combine(dir, "out"));
        Assert.True(r.ExitCode == 0, r.Err);
        // The default --target-layers backbone has two outputs here: two maps side by side.
        Assert.Equal((2 * 20 + 4, CaptionBar(20, 10) + 10), Size(Path.Combine(dir, "out", "a.png")));
        Assert.Equal((2 * 10 + 4, CaptionBar(10, 20) + 20), Size(Path.Combine(dir, "out", "b.png")));
    }

    [Fact]
    public void Featmap_NoneTopTwo_SaveRawHoldsSelectedChannelsInOrder()
    {
        string dir = CliRunner.TempDir();
        string model = TwoOutputModel(dir, 3, 4, 4);
        // Channel sums (after Relu): 16, 48, 32 → top 2 = channels 1, 2.
        var x = Enumerable.Range(0, 48).Select(i => (float)(1 + i / 16 * 2 - (i / 16 == 2 ? 3 : 0))).ToArray();
        Npy.WriteFile(Path.Combine(dir, "x.npy"), Tensor.FromFloats(x, 1, 3, 4, 4));
        var r = CliRunner.Run("featmap", "--input-tensor", Path.Combine(dir, "x.npy"), "--model", model, "--target-layers", "backbone.stage1",
            "--channel-reduction", "none", "--topk", "2", "--arrangement", "1", "2", "--out-file", Path.Combine(dir, "o.png"), "--save-raw", Path.Combine(dir, "raw.npy"));
        Assert.True(r.ExitCode == 0, r.Err);
        var raw = Npy.ReadTensor(Path.Combine(dir, "raw.npy"));
        Assert.Equal([2, 4, 4], raw.Shape);
        Assert.Equal(3f, raw.Floats[0]);
        Assert.Equal(2f, raw.Floats[16]);
    }

    [Fact]
    public void Featmap_PreviewModel_PrintsModulesWritesNothing()
    {
        string dir = CliRunner.TempDir();
        string model = TwoOutputModel(dir, 1, 8, 8);
        var r = CliRunner.Run("featmap", "--model", model, "--preview-model", "--out-dir", Path.Combine(dir, "out"));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("backbone", r.Out);
        Assert.Contains("stage2", r.Out);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    /// <summary>The height of the caption bar above maps of this size.</summary>
    private static int CaptionBar(int width, int height) => Draw.MeasureTextBox("Xg", Draw.TextSizeFor(width, height)).Height;

    private static (int, int) Size(string path)
    {
        var i = ImageDecoder.Load(path);
        return (i.Width, i.Height);
    }

    [Fact]
    public void Featmap_TinyDetector_DrawsEachDetectedBoxUnderTheMap()
    {
        // The tiny detector's input size is dynamic: its head is recognised at the image's size.
        string dir = CliRunner.TempDir(), image = Fixtures.File("inputs/det96_a.png");
        string[] common = [image, "--model", Fixtures.File("models/tinyyolo.onnx"), .. TinyDetector.CliOptions, "--target-layers", "backbone.block4"];
        var withBoxes = CliRunner.Run(["featmap", .. common, "--out-file", Path.Combine(dir, "boxes.png")]);
        var without = CliRunner.Run(["featmap", .. common, "--score-thr", "1", "--out-file", Path.Combine(dir, "plain.png")]);
        Assert.True(withBoxes.ExitCode == 0 && without.ExitCode == 0, withBoxes.Err + without.Err);
        var a = ImageDecoder.Load(Path.Combine(dir, "boxes.png"));
        var b = ImageDecoder.Load(Path.Combine(dir, "plain.png"));
        Assert.Equal((96, 96), (a.Width, a.Height));

        var (_, found) = TinyDetector.Detect(TinyDetector.Prepare(ImageDecoder.Load(image)));
        Assert.Equal(3, found.Count);
        foreach (var d in found)
        {
            // The left edge of each box is drawn over most of its height.
            int x0 = (int)Math.Round(d.Box.X0), y0 = (int)Math.Round(d.Box.Y0), y1 = (int)Math.Round(d.Box.Y1);
            int changed = Enumerable.Range(y0, y1 - y0).Count(y => a[x0, y] != b[x0, y]);
            Assert.True(changed > (y1 - y0) / 2, $"box {d.Box}: {changed} of {y1 - y0} edge pixels drawn");
        }
        // Nothing changes away from the boxes and their labels, placed so that none covers another.
        var names = CamSharp.Model.Load(Fixtures.File("models/tinyyolo.onnx")).Onnx.ClassNames;
        var labels = found.Select(d => (new PixelRect((int)Math.Round(d.Box.X0), (int)Math.Round(d.Box.Y0), (int)Math.Round(d.Box.X1), (int)Math.Round(d.Box.Y1)),
            Draw.MeasureTextBox(CamSharp.Detection.DetectionPainter.Label(d, names), Draw.DefaultTextSize))).ToArray();
        var spots = LabelPlacer.Place(96, 96, labels);
        Assert.True(spots.Select((s, i) => spots.Take(i).All(t => !t.Overlaps(s))).All(ok => ok), "two labels overlap");
        bool Near(int x, int y) => spots.Any(s => x >= s.X0 && x < s.X1 && y >= s.Y0 && y < s.Y1)
            || found.Any(d => x >= d.Box.X0 - 2 && x <= d.Box.X1 + 2 && y >= d.Box.Y0 - 2 && y <= d.Box.Y1 + 2);
        for (int y = 0; y < 96; y++)
            for (int x = 0; x < 96; x++)
                if (!Near(x, y)) Assert.True(a[x, y] == b[x, y], $"pixel ({x}, {y}) changed away from every box");
    }

    [Fact]
    public void Featmap_SameImageTwice_IsNotAnInternalError()
    {
        string dir = CliRunner.TempDir();
        string image = Fixtures.File("inputs/d64_a.png");
        var r = CliRunner.Run("featmap", "--model", Fixtures.File("models/digitcnn.onnx"), image, image, "--target-layers", "block1", "--out-dir", dir);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.DoesNotContain("internal error", r.Err);
    }
    /// <summary>A torchvision detector takes one [3, H, W] image: its backbone's maps and boxes from a batch of one.</summary>
    [Fact]
    public void Featmap_TorchvisionFasterRcnnExport_BackboneMapWithBoxes()
    {
        string dir = CliRunner.TempDir(), raw = Path.Combine(dir, "maps.npy");
        var r = CliRunner.Run("featmap", Fixtures.Asset("images/bus.jpg"), "--model", CamSharp.Tests.Detection.Heads.TorchvisionStandIns.Path(CamSharp.Tests.Detection.Heads.TorchvisionStandIns.FasterRcnn),
            "--out-file", Path.Combine(dir, "fm.png"), "--save-raw", raw);
        Assert.True(r.ExitCode == 0, r.Err);
        var maps = Npy.ReadTensor(raw);
        Assert.Equal(16, maps.Shape[^1]);  // the backbone's stride-4 map of the 64x64 input
    }
}
