using CamSharp.Imaging;
using CamSharp.Tests.Detection;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class BoxamCommandTests
{
    [Fact]
    public void Boxam_Classifier_SaysNoHeadLayoutAndNamesHead()
    {
        var r = CliRunner.Run("boxam", Fixtures.Asset("images/cat-dog.png"), "--model", Fixtures.Asset("models/squeezenet1_1_tv.onnx"),
            "--preprocess", "imagenet", "--out-file", Path.Combine(CliRunner.TempDir(), "x.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("No detection head layout was recognised", r.Err);
        Assert.Contains("--head", r.Err);
    }

    [Theory]
    [InlineData("yolo26_e2e_standin.onnx")]
    [InlineData("yolo11_standin.onnx")]
    public void Boxam_UltralyticsStandInNoFlags_WritesTheMap(string file)
    {
        string path = Path.Combine(CliRunner.TempDir(), "e2e.png");
        var r = CliRunner.Run("boxam", Fixtures.Asset("images/bus.jpg"), "--model", Detection.Heads.StandInModels.Path(file), "--topk", "3", "--out-file", path);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("model.22", r.Err);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Boxam_NoBoxAboveThreshold_NoteAndNoFile()
    {
        string path = Path.Combine(CliRunner.TempDir(), "none.png");
        var r = CliRunner.Run("boxam", Fixtures.Asset("images/dog_bike_car.jpg"), "--model", Fixtures.Asset("models/yolov8n_dequant_fp32.onnx"),
            "--score-thr", "0.999", "--out-file", path);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("no boxes", r.Err);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Boxam_Yolov8PerBoxLayerCam_WritesOnePanelPerBox()
    {
        string path = Path.Combine(CliRunner.TempDir(), "boxes.png");
        var r = CliRunner.Run("boxam", Fixtures.Asset("images/dog_bike_car.jpg"), "--model", Fixtures.Asset("models/yolov8n_dequant_fp32.onnx"),
            "--per-box", "--method", "layercam", "--norm-in-bbox", "--out-file", path);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("model.15", r.Err);
        var image = ImageDecoder.Load(path);
        Assert.True(image.Width >= 768 * 3, $"width {image.Width}");
    }

    [Fact]
    public void Boxam_FolderWithOutDir_OnePicturePerImageWithBoxesAndANoteForTheRest()
    {
        string dir = CliRunner.TempDir(), images = Path.Combine(dir, "in"), output = Path.Combine(dir, "out");
        Directory.CreateDirectory(images);
        File.Copy(Fixtures.File("inputs/det96_a.png"), Path.Combine(images, "digits.png"));
        ImageEncoder.Save(RgbImage.Filled(96, 96, new Rgb(40, 60, 50)), Path.Combine(images, "empty.png"));
        var r = CliRunner.Run(["boxam", images, "--model", Fixtures.File("models/tinyyolo.onnx"), .. TinyDetector.CliOptions, "--out-dir", output]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(["digits.png"], Directory.GetFiles(output).Select(Path.GetFileName));
        Assert.Contains("empty.png: no boxes", r.Err);
        var picture = ImageDecoder.Load(Path.Combine(output, "digits.png"));
        Assert.Equal((96, 96), (picture.Width, picture.Height));
    }

    [Theory]
    [InlineData("--box-target", "best")]
    [InlineData("--method", "fullgrad")]
    [InlineData("--score-thr", "1.5")]
    public void Boxam_BadOption_Exit2NamingIt(string option, string value)
    {
        string path = Path.Combine(CliRunner.TempDir(), "x.png");
        var r = CliRunner.Run("boxam", Fixtures.File("inputs/det96_a.png"), "--model", Fixtures.File("models/tinyyolo.onnx"), option, value, "--out-file", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(option, r.Err);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Boxam_SaveRawWithSeveralImages_Exit2()
    {
        var r = CliRunner.Run("boxam", Fixtures.File("inputs/det96_a.png"), Fixtures.File("inputs/d96_a.png"), "--model", Fixtures.File("models/tinyyolo.onnx"),
            "--save-raw", Path.Combine(CliRunner.TempDir(), "m.npy"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--save-raw", r.Err);
    }

    /// <summary>Every catalogue method that takes box targets draws on the detector; the others are refused by name before the model loads.</summary>
    [Fact]
    public void Boxam_EveryCatalogueMethod_RunsIfItTakesBoxesElseRefused()
    {
        string dir = CliRunner.TempDir();
        foreach (var method in CamSharp.Explain.CamMethods.All)
        {
            string path = Path.Combine(dir, $"{method.Name}.png");
            var r = CliRunner.Run("boxam", Fixtures.File("inputs/d96_a.png"), "--model", Fixtures.File("models/tinyyolo.onnx"), "--method", method.Name,
                "--score-thr", "0.5", "--out-file", path, "--preprocess", "raw", "--mean", "0.5", "0.5", "0.5", "--std", "0.5", "0.5", "0.5");
            if (method.BoxTargets)
            {
                Assert.True(r.ExitCode == 0, $"{method.Name}: {r.Err}");
                Assert.True(File.Exists(path), method.Name);
            }
            else
            {
                Assert.True(r.ExitCode == 2, $"{method.Name}: exit {r.ExitCode}");
                Assert.Contains(method.Name, r.Err);
            }
        }
    }

    /// <summary>An export with NMS inside the graph: boxam without --method says it uses D-RISE, and draws its map.</summary>
    [Fact]
    public void Boxam_NmsInGraphExport_DefaultsToDriseAndSaysSo()
    {
        string path = Path.Combine(CliRunner.TempDir(), "nms.png");
        var r = CliRunner.Run("boxam", Fixtures.File("inputs/d96_a.png"), "--model", CamSharp.Tests.Detection.Heads.StandInModels.Path("nms_in_graph.onnx"), "--out-file", path);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("method: drise (NMS runs inside this export", r.Err);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Boxam_NmsInGraphExportPerBoxDrise_OnePanelPerBox()
    {
        string dir = CliRunner.TempDir(), raw = Path.Combine(dir, "maps.npy");
        var r = CliRunner.Run("boxam", Fixtures.File("inputs/d96_a.png"), "--model", CamSharp.Tests.Detection.Heads.StandInModels.Path("nms_in_graph.onnx"),
            "--method", "drise", "--per-box", "--topk", "2", "--out-file", Path.Combine(dir, "nms.png"), "--save-raw", raw);
        Assert.True(r.ExitCode == 0, r.Err);
        var maps = CamSharp.Tensors.Npy.ReadTensor(raw);
        Assert.Equal(2, maps.Shape[0]);
        for (int k = 0; k < 2; k++)
            Assert.True(maps.Floats.Slice(k * maps.Shape[1] * maps.Shape[2], maps.Shape[1] * maps.Shape[2]).ToArray().Max() > 0.5f, $"map {k} is flat");
    }
    /// <summary>torchvision's Faster R-CNN as exported: boxam picks D-RISE, says why, and runs the masks one image at a time.</summary>
    [Fact]
    public void Boxam_TorchvisionFasterRcnnExport_DriseWithTheReason()
    {
        string dir = CliRunner.TempDir(), raw = Path.Combine(dir, "maps.npy");
        var r = CliRunner.Run("boxam", Fixtures.Asset("images/bus.jpg"), "--model", CamSharp.Tests.Detection.Heads.TorchvisionStandIns.Path(CamSharp.Tests.Detection.Heads.TorchvisionStandIns.FasterRcnn),
            "--topk", "1", "--out-file", Path.Combine(dir, "frcnn.png"), "--save-raw", raw);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("method: drise (its boxes come out of NonMaxSuppression, TopK, RoiAlign", r.Err);
        var maps = CamSharp.Tensors.Npy.ReadTensor(raw);
        Assert.Equal([1, 64, 64], maps.Shape);
        Assert.Equal(1f, maps.Floats.ToArray().Max());
    }

    [Fact]
    public void Boxam_GradCamOnTorchvisionExport_RefusedNamingTheReasonAndDrise()
    {
        var r = CliRunner.Run("boxam", Fixtures.Asset("images/bus.jpg"), "--model", CamSharp.Tests.Detection.Heads.TorchvisionStandIns.Path(CamSharp.Tests.Detection.Heads.TorchvisionStandIns.Ssd),
            "--method", "gradcam", "--out-file", Path.Combine(CliRunner.TempDir(), "x.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--method: gradcam cannot explain the boxes of this torchvision detector", r.Err);
        Assert.Contains("drise", r.Err);
    }
}
