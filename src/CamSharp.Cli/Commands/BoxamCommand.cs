using System.CommandLine;
using System.Globalization;
using CamSharp.Detection;
using CamSharp.Detection.Targets;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Imaging;

namespace CamSharp.Cli.Commands;

/// <summary>
/// <c>camsharp boxam IMG --model M</c>: what made a YOLO-family detector find its boxes —
/// one map for all kept boxes (MMYOLO's box AM), or one per box with <c>--per-box</c>.
/// </summary>
internal static class BoxamCommand
{
    /// <summary>The CAM methods that work with box targets.</summary>
    internal static readonly string[] Methods = ["gradcam", "gradcam++", "hirescam", "layercam", "xgradcam", "eigencam", "ablationcam", "scorecam"];

    public static Command Create()
    {
        var image = new Argument<string>("image") { Description = "The image." };
        var model = new Option<string>("--model", "-m") { Description = "The ONNX detector.", Required = true };
        var method = new Option<string>("--method") { Description = $"One of {string.Join(", ", Methods)}.", DefaultValueFactory = _ => "gradcam" };
        var layers = new Option<string[]?>("--target-layers") { Description = "Layers (default: the inputs of the detection head).", AllowMultipleArgumentsPerToken = true };
        var head = new Option<string?>("--head") { Description = $"Output layout: {string.Join(", ", HeadKinds.Names)}." };
        var scoreThr = new Option<float>("--score-thr") { Description = "Boxes scoring above this are explained.", DefaultValueFactory = _ => 0.3f };
        var iouThr = new Option<float>("--iou-thr") { Description = "NMS IoU threshold.", DefaultValueFactory = _ => 0.45f };
        var topk = new Option<int>("--topk") { Description = "Explain at most this many boxes (-1 = all).", DefaultValueFactory = _ => -1 };
        var normInBox = new Option<bool>("--norm-in-bbox") { Description = "Scale the map inside each box on its own; zero outside (MMYOLO)." };
        var perBox = new Option<bool>("--per-box") { Description = "One map per box, each for that box's own target, tiled with its label." };
        var targetKind = new Option<string?>("--box-target") { Description = "match (IoU + score of the best-matching prediction, MMYOLO's; default for one map) or score (the box's own raw score; default with --per-box)." };
        var labels = CommonOptions.Labels();
        var outFile = new Option<string>("--out-file") { Description = "Output picture.", DefaultValueFactory = _ => "boxam.png" };
        var input = new InputOptions();
        var command = new Command("boxam", "Box-level activation maps for YOLO-family detectors.")
        {
            image, model, method, layers, head, scoreThr, iouThr, topk, normInBox, perBox, targetKind, labels, outFile,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            string methodName = parsed.GetValue(method)!.ToLowerInvariant();
            if (!Methods.Contains(methodName)) throw new CliException($"boxam supports --method {string.Join(", ", Methods)}; got '{methodName}'.");
            string outPath = OutputFiles.EnsureImageFile(parsed.GetValue(outFile)!);
            var options = DetectCommand.Thresholds(parsed.GetValue(scoreThr), parsed.GetValue(iouThr), parsed.GetValue(topk));
            HeadKind? kind = parsed.GetValue(head) is { } h ? DetectCommand.ParseHead(h) : null;

            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            var names = ClassNames.For(m, parsed.GetValue(labels));
            var loaded = input.Load(parsed, m, parsed.GetValue(image));
            var prepared = loaded.Image ?? throw new CliException("boxam draws on the image: give an image file.");
            var decoder = DetectCommand.Recognise(m, loaded.Tensor.Shape[2], loaded.Tensor.Shape[3], kind);
            var found = Detector.Detect(decoder, m.Run(loaded.Tensor), prepared.Geometry, options);
            if (found.Count == 0)
            {
                Console.Error.WriteLine($"note: no boxes scored above --score-thr {options.ScoreThreshold.ToString(CultureInfo.InvariantCulture)}; nothing to explain, no file written.");
                return ExitCodes.Ok;
            }

            var values = parsed.GetValue(layers) is { Length: > 0 } ls ? ls.SelectMany(m.ResolveLayer).Distinct().ToArray()
                : BoxMaps.HeadInputs(m)?.ToArray()
                  ?? throw new CliException("This export has no module names to find the detection head's inputs: give --target-layers (see 'camsharp layers').");
            Console.Error.WriteLine($"target layers: {string.Join(", ", values)}");
            var camMethod = CamMethods.Create(methodName);

            bool each = parsed.GetValue(perBox);
            bool byScore = (parsed.GetValue(targetKind) ?? (each ? "score" : "match")) switch
            {
                "score" => true,
                "match" => false,
                var other => throw new CliException($"--box-target must be 'match' or 'score'; got '{other}'."),
            };
            var groups = each ? found.Select(d => (IReadOnlyList<CamSharp.Detection.Detection>)[d]).ToList() : [found];
            var panels = new List<RgbImage>();
            var captions = new List<string?>();
            foreach (var boxes in groups)
            {
                OutputTarget target = byScore ? new BoxScoreTarget(decoder, boxes) : new BoxMatchTarget(decoder, boxes);
                var result = CamRunner.Run(m, loaded.Tensor, values, camMethod, [target], new CamOptions());
                var map = prepared.Geometry.MapToSource(new FloatMap(result.Width, result.Height, result.Maps[0].ToArray()));
                if (parsed.GetValue(normInBox)) map = BoxMaps.NormalizeInBoxes(map, boxes.Select(d => d.Box));
                var overlay = HeatmapOverlay.ShowCamOnImage(prepared.Original, map);
                panels.Add(DetectionPainter.Draw(overlay, boxes, names));
                captions.Add(boxes.Count == 1 ? DetectionPainter.Label(boxes[0], names) : $"{methodName}: {boxes.Count} boxes");
            }
            ImageEncoder.Save(panels.Count == 1 ? panels[0] : ImageGrid.Horizontal(panels, captions), outPath);
            Console.WriteLine($"wrote {outPath} ({found.Count} box{(found.Count == 1 ? "" : "es")})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
