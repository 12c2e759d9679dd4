using CamSharp.Detection;
using CamSharp.Detection.Targets;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class BoxamCommandTests
{
    [Fact]
    public void PerBox_TinyDetector_EachMapPeaksInsideItsOwnBox()
    {
        var model = TestModels.Fixture("tinyyolo");
        var image = ImageDecoder.Load(Fixtures.File("inputs/det96_a.png"));
        var options = PreprocessOptions.Raw with { Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f] };
        var prepared = Preprocessor.Prepare(image, 96, 96, options);
        var head = DetectionHeads.Recognise(model, 96, 96);
        var found = Detector.Detect(head, model.Run(prepared.Tensor), prepared.Geometry, new DetectionOptions());
        Assert.True(found.Count >= 3, $"{found.Count} boxes");
        string layer = model.ResolveLayer("backbone.block4")[^1];
        int inside = 0;
        foreach (var d in found)
        {
            var map = CamRunner.Run(model, prepared.Tensor, [layer], new GradCam(), [new BoxScoreTarget(head, [d])]).Maps[0];
            int at = Array.IndexOf(map, map.Max());
            int x = at % 96, y = at / 96;
            if (x >= d.Box.X0 && x < d.Box.X1 && y >= d.Box.Y0 && y < d.Box.Y1) inside++;
        }
        Assert.True(inside >= 0.9 * found.Count, $"{inside} of {found.Count} maps peak inside their box");
    }

    [Fact]
    public void Boxam_Classifier_SaysNoHeadLayoutAndNamesHead()
    {
        var r = CliRunner.Run("boxam", Fixtures.Asset("images/cat-dog.png"), "--model", Fixtures.Asset("models/squeezenet1_1_tv.onnx"),
            "--preprocess", "imagenet", "--out-file", Path.Combine(CliRunner.TempDir(), "x.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--head", r.Err);
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
}
