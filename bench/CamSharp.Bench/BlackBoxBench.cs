using CamSharp.Detection;
using CamSharp.Detection.Targets;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>
/// The black-box methods of issue 21 per image: RISE with 4000 masks on resnet18 at 224 (top
/// class) and D-RISE with 1000 masks on YOLOv8n at 640 (bus.jpg, all boxes), each beside its
/// own forward pass times the number of masks. One run each (they take minutes).
/// tools/reference_bench/torch_rise.py and torch_drise.py time the references' loops in PyTorch:
/// <c>--reference</c> runs each right after ours and prints the ratio (<c>--reference-masks N</c>
/// runs the reference with N masks and scales its time to the full count, for loops that would take
/// hours here). <c>--masks N</c> runs RISE alone with N masks; with <c>--drise-masks M</c> D-RISE too, with M.
/// </summary>
internal static class BlackBoxBench
{
    public static void Run(string[] args)
    {
        // --masks N: RISE only, with N masks (a quick side-by-side with torch_rise.py N).
        int? only = args.Contains("--masks") ? int.Parse(args[Array.IndexOf(args, "--masks") + 1]) : null;
        bool reference = args.Contains("--reference");
        int? referenceMasks = args.Contains("--reference-masks") ? int.Parse(args[Array.IndexOf(args, "--reference-masks") + 1]) : null;
        Console.WriteLine();
        Console.WriteLine($"{"method",-40} {"wall",12} {"forwards",10} {"per mask",10} {"forward b1",11}{(reference ? $" {"reference",12} {"ratio",7}  reference time" : "")}");

        var resnet = Model.Load(Path.Combine(References.Shared, "fixtures/models/resnet18.onnx"));
        var x = Npy.ReadTensor(Path.Combine(References.Shared, "fixtures/outputs/tensors/resnet18__d224__224x224.npy"));
        var forward = Timing.Measure(() => { using var p = resnet.Session.Run(x); }, warmup: 2, runs: 7).Wall;
        int masks = only ?? 4000;
        var rise = Timing.Measure(() => CamRunner.Run(resnet, x, [], new Rise(new RiseOptions { MaskCount = masks })), warmup: 0, runs: 1).Wall;
        Row($"rise, resnet18 224, {masks} masks", rise, masks, forward, reference ? ReferenceScript.Run("torch_rise.py", masks, referenceMasks) : null);
        // --drise-masks M: D-RISE with M masks too (with --masks, a shorter run of both on a loaded machine).
        int? driseMasks = args.Contains("--drise-masks") ? int.Parse(args[Array.IndexOf(args, "--drise-masks") + 1]) : null;
        if (only is not null && driseMasks is null) return;
        int driseCount = driseMasks ?? 1000;

        var yolo = Model.Load(Path.Combine(References.Shared, "assets/models/yolov8n_dequant_fp32.onnx"));
        var prepared = Preprocessor.Prepare(ImageDecoder.Load(Path.Combine(References.Shared, "assets/images/bus.jpg")), 640, 640, PreprocessOptions.Yolo);
        var head = DetectionHeads.Recognise(yolo, 640, 640);
        var boxes = Detector.Detect(head, yolo.Run(prepared.Tensor), prepared.Geometry, new DetectionOptions());
        var yoloForward = Timing.Measure(() => { using var p = yolo.Session.Run(prepared.Tensor); }, warmup: 1, runs: 5).Wall;
        var drise = Timing.Measure(() => CamRunner.Run(yolo, prepared.Tensor, [], new Drise(new DriseOptions { MaskCount = driseCount }), [new BoxScoreTarget(head, boxes)]), warmup: 0, runs: 1).Wall;
        Row($"drise, yolov8n 640, {driseCount} masks, {boxes.Count} boxes", drise, driseCount, yoloForward, reference ? ReferenceScript.Run("torch_drise.py", driseCount, referenceMasks) : null);
    }

    private static void Row(string name, double wall, int masks, double forward, ReferenceScript.Timing? reference) =>
        Console.WriteLine($"{name,-40} {wall:F1} s{"",-4} {masks,10} {Timing.Ms(wall / masks),10} {Timing.Ms(forward),11}"
            + (reference is { } r ? $" {r.Scaled,10:F1} s {r.Scaled / wall,6:F1}x  {r.Note}" : ""));
}
