using CamSharp.Imaging;
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
