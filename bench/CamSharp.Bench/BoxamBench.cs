using CamSharp.Detection;
using CamSharp.Explain;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;

namespace CamSharp.Bench;

/// <summary>
/// <c>camsharp boxam</c>'s work per image on YOLOv8n at 640 (bus.jpg, the head's three inputs
/// as layers), beside our forward pass: detection, one Grad-CAM map for all boxes (matching
/// target), the whole picture (preprocess, detect, map, overlay, boxes), and one map per box.
/// </summary>
internal static class BoxamBench
{
    public static void Run(string[] args)
    {
        var model = Model.Load(Path.Combine(References.Shared, "assets/models/yolov8n_dequant_fp32.onnx"));
        var image = ImageDecoder.Load(Path.Combine(References.Shared, "assets/images/bus.jpg"));
        var prepared = Preprocessor.Prepare(image, 640, 640, PreprocessOptions.Yolo);
        var head = DetectionHeads.Recognise(model, 640, 640);
        var options = new DetectionOptions();
        var boxes = Detector.Detect(head, model.Run(prepared.Tensor), prepared.Geometry, options);
        var layers = BoxMaps.HeadInputs(model)!;
        var gradCam = CamMethods.Create("gradcam");

        var forward = Timing.Measure(() => { using var pass = model.Session.Run(prepared.Tensor); }, warmup: 2, runs: 9);
        var rows = new (string Name, Timing.Sample Sample)[]
        {
            ("forward", forward),
            ("detect (forward, decode, NMS)", Timing.Measure(() => Detector.Detect(head, model.Run(prepared.Tensor), prepared.Geometry, options), warmup: 1, runs: 9)),
            ("gradcam, one map for all boxes", Timing.Measure(() => BoxCam.Run(model, prepared.Tensor, head, boxes, layers, gradCam, perBox: false), warmup: 1, runs: 7)),
            ("whole picture (prep+detect+map+draw)", Timing.Measure(() => Picture(model, image, layers, gradCam), warmup: 1, runs: 5)),
            ($"gradcam --per-box ({boxes.Count} boxes)", Timing.Measure(() => BoxCam.Run(model, prepared.Tensor, head, boxes, layers, gradCam, perBox: true), warmup: 1, runs: 3)),
        };

        Console.WriteLine();
        Console.WriteLine($"boxam on yolov8n_dequant_fp32 at 640, bus.jpg ({boxes.Count} boxes), layers {string.Join(", ", layers)}; per image");
        Console.WriteLine($"{"step",-38} {"wall",10} {"cpu/core",10} {"x forward",10}");
        foreach (var (name, s) in rows)
            Console.WriteLine($"{name,-38} {Timing.Ms(s.Wall),10} {Timing.Ms(s.CpuPerCore),10} {s.Wall / forward.Wall,9:F2}x");
        Console.WriteLine($"ONNX Runtime forward (ort_baseline.json): {Timing.Ms(References.OnnxRuntime("yolov8n_dequant_fp32"))}");
    }

    /// <summary>What the CLI does for one image, short of encoding the file.</summary>
    private static RgbImage Picture(Model model, RgbImage image, IReadOnlyList<string> layers, CamMethod method)
    {
        var prepared = Preprocessor.Prepare(image, 640, 640, PreprocessOptions.Yolo);
        var head = DetectionHeads.Recognise(model, 640, 640);
        var boxes = Detector.Detect(head, model.Run(prepared.Tensor), prepared.Geometry, new DetectionOptions());
        var map = BoxCam.Run(model, prepared.Tensor, head, boxes, layers, method, perBox: false)[0];
        var source = prepared.Geometry.MapToSource(new FloatMap(map.Result.Width, map.Result.Height, map.Map));
        return DetectionPainter.Draw(HeatmapOverlay.ShowCamOnImage(prepared.Original, source), boxes, model.Onnx.ClassNames);
    }
}
