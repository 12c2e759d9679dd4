using CamSharp.Detection;
using CamSharp.Explain;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tests.Models;
using Xunit;
using Xunit.Abstractions;

namespace CamSharp.Tests.Detection;

/// <summary>
/// Issue 7's check on the trained tiny detector: per-box maps (each box's own raw score, the
/// head's input as layer, boxam's defaults) peak inside their own box for at least 90 % of the
/// boxes on multi-digit canvases (Models/DigitCanvas, drawn like the det96_* fixtures).
/// </summary>
public sealed class PerBoxPeakTests(ITestOutputHelper output)
{
    private sealed record Peaks(int Digits, int Found, int Boxes, int Inside, List<string> Misses)
    {
        public override string ToString() =>
            $"{Inside} of {Boxes} per-box maps peak inside their box ({100.0 * Inside / Math.Max(Boxes, 1):F1} %); the detector found {Found} of {Digits} digits";
    }

    /// <summary>Canvases of two or three digits (alternating), from consecutive seeds; optionally only those whose labels all differ.</summary>
    private static List<DigitCanvas> Canvases(int count, bool distinctLabels) =>
        Enumerable.Range(0, 1000).Select(i => DigitCanvas.Draw(seed: 7000 + i, count: 2 + i % 2))
            .Where(c => !distinctLabels || c.Digits.Select(d => d.Label).Distinct().Count() == c.Digits.Count)
            .Take(count).ToList();

    [Fact]
    public void PerBoxGradCam_CanvasesOfDifferentDigits_PeaksInsideOwnBoxForNinetyPercent()
    {
        var peaks = Measure(Canvases(16, distinctLabels: true), "gradcam");
        Assert.True(peaks.Found >= 0.9 * peaks.Digits, peaks.ToString());
        Assert.True(peaks.Boxes >= 30, peaks.ToString());
        Assert.True(peaks.Inside >= 0.9 * peaks.Boxes, $"{peaks}; {string.Join("; ", peaks.Misses)}");
    }

    /// <summary>
    /// With repeated digits, Grad-CAM cannot tell twins apart here: the head is a 1×1 Conv on
    /// the target layer, so a box's score has a gradient at its own cell only, and Grad-CAM's
    /// spatial mean turns it into the same channel weights for every box of that class. HiResCAM
    /// and LayerCAM keep the gradient where it is and still peak in the box's own digit.
    /// </summary>
    [Theory]
    [InlineData("hirescam")]
    [InlineData("layercam")]
    public void PerBoxSpatialMethods_CanvasesWithRepeatedDigits_PeakInsideOwnBoxForNinetyPercent(string method)
    {
        var canvases = Canvases(16, distinctLabels: false);
        Assert.Contains(canvases, c => c.Digits.Select(d => d.Label).Distinct().Count() < c.Digits.Count);
        var peaks = Measure(canvases, method);
        Assert.True(peaks.Boxes >= 30, peaks.ToString());
        Assert.True(peaks.Inside >= 0.9 * peaks.Boxes, $"{peaks}; {string.Join("; ", peaks.Misses)}");
    }

    [Fact]
    public void PerBoxGradCam_TwoDigitsOfOneClass_GetTheSameMap()
    {
        var layers = BoxMaps.HeadInputs(TinyDetector.Model)!;
        foreach (var canvas in Canvases(16, distinctLabels: false))
        {
            var prepared = TinyDetector.Prepare(canvas.Image);
            var (head, found) = TinyDetector.Detect(prepared);
            var twins = found.GroupBy(d => d.Class).FirstOrDefault(g => g.Count() > 1)?.Take(2).ToList();
            if (twins is null) continue;
            var gradCam = BoxCam.Run(TinyDetector.Model, prepared.Tensor, head, twins, layers, CamMethods.Create("gradcam"), perBox: true);
            Assert.True(Assertions.MaxAbsDiff(gradCam[0].Map, gradCam[1].Map) <= 1e-5);
            var layerCam = BoxCam.Run(TinyDetector.Model, prepared.Tensor, head, twins, layers, CamMethods.Create("layercam"), perBox: true);
            Assert.True(Assertions.MaxAbsDiff(layerCam[0].Map, layerCam[1].Map) > 0.5);
            return;
        }
        Assert.Fail("No canvas had two detected digits of one class.");
    }

    /// <summary>
    /// On YOLOv8n (three head inputs) per-box HiResCAM, MMYOLO's Grad-CAM variant (gradients
    /// not averaged over the map), peaks inside each box; plain Grad-CAM is diffuse there.
    /// </summary>
    [Fact]
    public void PerBoxHiResCam_YoloV8nOnBus_EachMapPeaksInsideItsBox()
    {
        var model = TestModels.Asset("yolov8n_dequant_fp32");
        var prepared = Preprocessor.Prepare(ImageDecoder.Load(Fixtures.Asset("images/bus.jpg")), 640, 640, PreprocessOptions.Yolo);
        var head = DetectionHeads.Recognise(model, 640, 640);
        var found = Detector.Detect(head, model.Run(prepared.Tensor), prepared.Geometry, new DetectionOptions());
        Assert.True(found.Count >= 4, $"{found.Count} boxes");
        foreach (var map in BoxCam.Run(model, prepared.Tensor, head, found, BoxMaps.HeadInputs(model)!, CamMethods.Create("hirescam"), perBox: true))
        {
            var box = map.Boxes[0].InputBox;
            int at = Array.IndexOf(map.Map, map.Map.Max()), x = at % 640, y = at / 640;
            Assert.True(x >= box.X0 && x < box.X1 && y >= box.Y0 && y < box.Y1, $"class {map.Boxes[0].Class}: peak ({x}, {y}) outside {box}");
        }
    }

    /// <summary>
    /// The one map for all boxes, with BoxCam's default target for a gradient method (the raw
    /// scores; the matching target's IoU sits at its kink there and peaked in no box at all).
    /// </summary>
    [Fact]
    public void CombinedGradCam_DefaultTarget_PeaksInsideSomeBox()
    {
        var layers = BoxMaps.HeadInputs(TinyDetector.Model)!;
        int canvases = 0, inside = 0;
        foreach (var canvas in Canvases(20, distinctLabels: false))
        {
            var prepared = TinyDetector.Prepare(canvas.Image);
            var (head, found) = TinyDetector.Detect(prepared);
            if (found.Count == 0) continue;
            var map = BoxCam.Run(TinyDetector.Model, prepared.Tensor, head, found, layers, CamMethods.Create("gradcam"), perBox: false)[0].Map;
            int at = Array.IndexOf(map, map.Max()), x = at % canvas.Image.Width, y = at / canvas.Image.Width;
            canvases++;
            if (found.Any(d => x >= d.Box.X0 && x < d.Box.X1 && y >= d.Box.Y0 && y < d.Box.Y1)) inside++;
        }
        output.WriteLine($"combined gradcam peaks inside a box on {inside} of {canvases} canvases");
        Assert.True(canvases >= 18 && inside >= 0.9 * canvases, $"{inside} of {canvases}");
    }

    /// <summary>Detects on every canvas and counts the per-box maps whose maximum lies inside the box.</summary>
    private Peaks Measure(IReadOnlyList<DigitCanvas> canvases, string method)
    {
        var model = TinyDetector.Model;
        var layers = BoxMaps.HeadInputs(model)!;
        var peaks = new Peaks(0, 0, 0, 0, []);
        foreach (var (canvas, k) in canvases.Select((c, k) => (c, k)))
        {
            var prepared = TinyDetector.Prepare(canvas.Image);
            var (head, detections) = TinyDetector.Detect(prepared);
            int found = canvas.Digits.Count(t => detections.Any(d => d.Class == t.Label && DetectionBox.IoU(d.Box, new DetectionBox(t.X0, t.Y0, t.X1, t.Y1)) > 0.5));
            int inside = 0;
            foreach (var map in BoxCam.Run(model, prepared.Tensor, head, detections, layers, CamMethods.Create(method), perBox: true))
            {
                var box = map.Boxes[0].Box;
                int at = Array.IndexOf(map.Map, map.Map.Max()), x = at % canvas.Image.Width, y = at / canvas.Image.Width;
                if (x >= box.X0 && x < box.X1 && y >= box.Y0 && y < box.Y1) inside++;
                else peaks.Misses.Add($"canvas {k}: class {map.Boxes[0].Class} peaks at ({x}, {y}) outside [{box.X0:F0}, {box.Y0:F0}, {box.X1:F0}, {box.Y1:F0}]");
            }
            peaks = peaks with { Digits = peaks.Digits + canvas.Digits.Count, Found = peaks.Found + found, Boxes = peaks.Boxes + detections.Count, Inside = peaks.Inside + inside };
        }
        output.WriteLine($"{method}: {peaks}");
        foreach (var m in peaks.Misses) output.WriteLine(m);
        return peaks;
    }
}
