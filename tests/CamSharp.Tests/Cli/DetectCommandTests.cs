using System.Text.Json;
using CamSharp.Tests.Detection;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class DetectCommandTests
{
    [Fact]
    public void Detect_YoloxImageJson_EqualsReferenceDetections()
    {
        const string id = "yolox_nano__dog_bike_car.jpg";
        string outFile = Path.Combine(CliRunner.TempDir(), "boxes.png");
        var r = CliRunner.Run(["detect", RealCases.Image(id), "--model", RealCases.Model(id), .. RealCases.CliOptions(id), "--json", "--out-file", outFile]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.True(File.Exists(outFile));
        using var doc = JsonDocument.Parse(r.Out);
        var ours = doc.RootElement.GetProperty("detections").EnumerateArray().ToList();
        var expected = RealCases.Case(id).GetProperty("detections").EnumerateArray().ToList();
        Assert.Equal(expected.Count, ours.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("class").GetInt32(), ours[i].GetProperty("class").GetInt32());
            Assert.Equal(expected[i].GetProperty("score").GetDouble(), ours[i].GetProperty("score").GetDouble(), 0.01);
            var a = expected[i].GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var b = ours[i].GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int k = 0; k < 4; k++) Assert.Equal(a[k], b[k], 1.0);
        }
    }

    [Fact]
    public void Detect_FastestDetOnBus_BoxesStayInsideTheImage()
    {
        const string id = "fastestdet__bus.jpg";
        var r = CliRunner.Run(["detect", RealCases.Image(id), "--model", RealCases.Model(id), .. RealCases.CliOptions(id), "--json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        var hw = RealCases.Case(id).GetProperty("image_size_hw");
        double height = hw[0].GetDouble(), width = hw[1].GetDouble();
        using var doc = JsonDocument.Parse(r.Out);
        var boxes = doc.RootElement.GetProperty("detections").EnumerateArray().Select(d => d.GetProperty("box").EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
        Assert.NotEmpty(boxes);
        // The reference reaches x0 = -26 for the bus; the reported box stops at the border.
        Assert.Contains(RealCases.Case(id).GetProperty("detections").EnumerateArray(), d => d.GetProperty("box")[0].GetDouble() < 0);
        Assert.All(boxes, b => Assert.True(b[0] >= 0 && b[1] >= 0 && b[2] <= width && b[3] <= height, string.Join(", ", b)));
    }

    [Fact]
    public void Detect_EndToEndStandInNoFlags_KeepsTheRowsAboveTheThreshold()
    {
        var r = CliRunner.Run("detect", Fixtures.Asset("images/bus.jpg"), "--model", Detection.Heads.StandInModels.Path("yolo26_e2e_standin.onnx"), "--json");
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.NotEmpty(doc.RootElement.GetProperty("detections").EnumerateArray());
    }

    [Fact]
    public void Detect_Classifier_ErrorSaysNoLayoutAndNamesHead()
    {
        var r = CliRunner.Run("detect", Fixtures.Asset("images/bus.jpg"), "--model", Fixtures.Asset("models/squeezenet1_1_tv.onnx"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("No detection head layout was recognised", r.Err);
        Assert.Contains("--head", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void Detect_NoBoxAboveThreshold_NoteExitZeroAndNoFile()
    {
        const string id = "fastestdet__bus.jpg";
        string outFile = Path.Combine(CliRunner.TempDir(), "none.png");
        var r = CliRunner.Run("detect", RealCases.Image(id), "--model", RealCases.Model(id), "--preprocess", "raw", "--bgr", "--score-thr", "0.999", "--out-file", outFile);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("no boxes scored above --score-thr 0.999", r.Err);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public void Detect_BadThreshold_ErrorNamesOption()
    {
        var r = CliRunner.Run("detect", Fixtures.Asset("images/bus.jpg"), "--model", Fixtures.Asset("models/fastestdet.onnx"), "--iou-thr", "1.5");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--iou-thr", r.Err);
    }

    [Fact]
    public void Detect_UnknownHead_ErrorListsHeads()
    {
        var r = CliRunner.Run("detect", Fixtures.Asset("images/bus.jpg"), "--model", Fixtures.Asset("models/fastestdet.onnx"), "--head", "ssd");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--head", r.Err);
        Assert.Contains("yolox", r.Err);
    }
    /// <summary>A torchvision SSD export (one [3, H, W] image, boxes/scores/labels after NMS in the graph): every row drawn, mapped back to the image.</summary>
    [Fact]
    public void Detect_TorchvisionSsdExport_RowsOfTheGraphOnTheImage()
    {
        string outFile = Path.Combine(CliRunner.TempDir(), "ssd.png");
        var r = CliRunner.Run("detect", Fixtures.Asset("images/bus.jpg"), "--model", CamSharp.Tests.Detection.Heads.TorchvisionStandIns.Path(CamSharp.Tests.Detection.Heads.TorchvisionStandIns.Ssd),
            "--score-thr", "0", "--json", "--out-file", outFile);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.True(File.Exists(outFile));
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("torchvision", doc.RootElement.GetProperty("head").GetString());
        var found = doc.RootElement.GetProperty("detections").EnumerateArray().ToList();
        Assert.Equal(10, found.Count);  // the graph keeps 10 (detections_per_img); no second NMS
        Assert.Contains(found, d => d.GetProperty("box")[2].GetDouble() > 64);  // boxes carried back from 64x64 to 810x1080
        Assert.All(found, d => Assert.InRange(d.GetProperty("class").GetInt32(), 1, 3));
    }
}
