using CamSharp.Detection;
using CamSharp.Explain.Methods;
using CamSharp.Tests.Detection.Heads;
using Xunit;

namespace CamSharp.Tests.Detection;

/// <summary>
/// D-RISE on torchvision's detectors: the export takes one unbatched image, so the masked copies
/// run one at a time, and each returns however many boxes its NMS kept.
/// </summary>
public sealed class BoxCamTorchvisionTests
{
    [Theory]
    [InlineData(TorchvisionStandIns.Ssd)]
    [InlineData(TorchvisionStandIns.FasterRcnn)]
    public void Run_DrisePerBoxOnUnbatchedExport_OneScaledMapPerBox(string stem)
    {
        var model = TorchvisionStandIns.Load(stem);
        var head = DetectionHeads.Recognise(model, 64, 64);
        using var batch = TorchvisionStandIns.Batch();
        var found = Detector.Detect(head, model.Run(batch), null, new DetectionOptions(0.3f)).Take(2).ToList();
        Assert.Equal(2, found.Count);
        var drise = new Drise(new DriseOptions { MaskCount = 40, Resolution = 8, Seed = 3 });
        var maps = BoxCam.Run(model, batch, head, found, [], drise, perBox: true);
        Assert.Equal(2, maps.Count);
        foreach (var m in maps)
        {
            Assert.Equal(64 * 64, m.Map.Length);
            Assert.Equal(0f, m.Map.Min());
            Assert.Equal(1f, m.Map.Max());
        }
    }

    /// <summary>
    /// Two masks: the whole image (the box is found again exactly: affinity 1) and its left half
    /// (affinity a &lt; 1). Σ aᵢMᵢ − mean(a)·ΣMᵢ is 0 on the left half and (1 − a)/2 on the right,
    /// so the scaled map is 0 left and 1 right: the intact run's detections matched the box.
    /// </summary>
    [Fact]
    public void Explain_WholeAndLeftHalfMasks_RightHalfCarriesTheMap()
    {
        var model = TorchvisionStandIns.Load(TorchvisionStandIns.FasterRcnn);
        var head = DetectionHeads.Recognise(model, 64, 64);
        using var batch = TorchvisionStandIns.Batch();
        var box = Detector.Detect(head, model.Run(batch), null, new DetectionOptions(0.3f))[0];
        var whole = Enumerable.Repeat(1f, 64 * 64).ToArray();
        var left = Enumerable.Range(0, 64 * 64).Select(i => i % 64 < 32 ? 1f : 0f).ToArray();
        var drise = new Drise(new DriseOptions { Masks = [whole, left] });
        var target = DriseDetection.FromLabel(box.InputBox, box.Class, box.Score, head.Classes);
        var map = drise.Explain(model, batch, [target], DetectionReaders.FromHead(head, drise.Options.Detection), new CamSharp.Explain.CamOptions())[0];
        for (int i = 0; i < map.Length; i++)
            Assert.Equal(i % 64 < 32 ? 0f : 1f, map[i], 1e-6f);
    }
    /// <summary>
    /// D-RISE finds each masked image's boxes with the thresholds the boxes were kept with: at a
    /// threshold of 1 no masked image keeps a box (an all-zero map; D-RISE's own default, 0.3,
    /// would find it), at the keeping threshold the box is found again, the cap on boxes aside.
    /// </summary>
    [Fact]
    public void Run_DriseWithTheKeepingThresholds_MaskedImagesDecodedWithThem()
    {
        var model = TorchvisionStandIns.Load(TorchvisionStandIns.FasterRcnn);
        var head = DetectionHeads.Recognise(model, 64, 64);
        using var batch = TorchvisionStandIns.Batch();
        var box = Detector.Detect(head, model.Run(batch), null, new DetectionOptions(0.3f))[^1];
        Assert.InRange(box.Score, 0.3f, 0.45f);
        var drise = new Drise(new DriseOptions { MaskCount = 30, Resolution = 8, Seed = 5 });
        var above = BoxCam.Run(model, batch, head, [box], [], drise, perBox: false, detection: new DetectionOptions(1f));
        var kept = BoxCam.Run(model, batch, head, [box], [], drise, perBox: false, detection: new DetectionOptions(0.3f, 0.45f, topK: 1));
        Assert.All(above[0].Map, v => Assert.Equal(0f, v));
        Assert.Equal(1f, kept[0].Map.Max());
    }
}
