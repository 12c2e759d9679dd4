using CamSharp.Detection;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Detection;

/// <summary>
/// The dynamically quantized YOLOv8n (DynamicQuantizeLinear + ConvInteger) against the same
/// network with its weights dequantized into float Convs: the same objects, boxes and
/// scores within the 8-bit activation rounding.
/// </summary>
public sealed class QuantizedDetectorTests
{
    [Fact]
    public void Detect_Int8YoloOnBus_FindsTheFloatModelsObjects()
    {
        var image = ImageDecoder.Load(Fixtures.Asset("images/bus.jpg"));
        var prepared = Preprocessor.Prepare(image, 640, 640, PreprocessOptions.Yolo);
        List<CamSharp.Detection.Detection> Run(string stem)
        {
            var model = TestModels.Asset(stem);
            var head = DetectionHeads.Recognise(model, 640, 640);
            return Detector.Detect(head, model.Run(prepared.Tensor), prepared.Geometry, new DetectionOptions(0.5f));
        }
        var quantized = Run("yolov8n_int8_dynamic");
        var plain = Run("yolov8n_dequant_fp32");
        // bus.jpg: three people and the bus (MANIFEST: persons 0.90–0.92, bus 0.82).
        Assert.Equal(3, quantized.Count(d => d.Class == 0));
        Assert.Single(quantized, d => d.Class == 5);
        Assert.Equal(plain.Count, quantized.Count);
        foreach (var p in plain)
        {
            var q = quantized.Where(d => d.Class == p.Class).MaxBy(d => DetectionBox.IoU(d.Box, p.Box))!;
            Assert.True(DetectionBox.IoU(q.Box, p.Box) > 0.95, $"class {p.Class}: IoU {DetectionBox.IoU(q.Box, p.Box):F3}");
            Assert.InRange(q.Score, p.Score - 0.03f, p.Score + 0.03f);
        }
    }
    /// <summary>boxam on the int8 model: each kept box's own map (HiResCAM at the head inputs, the default) peaks inside that box.</summary>
    [Fact]
    public void BoxCam_Int8YoloOnBus_EachBoxMapPeaksInsideItsBox()
    {
        var image = ImageDecoder.Load(Fixtures.Asset("images/bus.jpg"));
        var prepared = Preprocessor.Prepare(image, 640, 640, PreprocessOptions.Yolo);
        var model = TestModels.Asset("yolov8n_int8_dynamic");
        var head = DetectionHeads.Recognise(model, 640, 640);
        var found = Detector.Detect(head, model.Run(prepared.Tensor), prepared.Geometry, new DetectionOptions(0.5f));
        Assert.Equal(4, found.Count);
        var layers = model.Profile.CamLayer!.Values;
        var maps = BoxCam.Run(model, prepared.Tensor, head, found, layers, CamSharp.Explain.CamMethods.Create(BoxCam.DefaultMethod), perBox: true);
        foreach (var m in maps)
        {
            var box = m.Boxes[0].InputBox;
            int peak = Array.IndexOf(m.Map, m.Map.Max());
            int x = peak % 640, y = peak / 640;
            Assert.True(x >= box.X0 && x <= box.X1 && y >= box.Y0 && y <= box.Y1, $"class {m.Boxes[0].Class}: peak ({x}, {y}) outside [{box.X0:F0}, {box.Y0:F0}, {box.X1:F0}, {box.Y1:F0}]");
        }
    }
}
