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
}
