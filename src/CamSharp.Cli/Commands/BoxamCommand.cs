using System.CommandLine;
using System.Globalization;
using CamSharp.Application;
using CamSharp.Detection;
using CamSharp.Explain;
using CamSharp.Imaging;

namespace CamSharp.Cli.Commands;

/// <summary>
/// <c>camsharp boxam IMG --model M</c>: what made a YOLO-family detector find its boxes —
/// one map for all kept boxes (MMYOLO's box AM), or one per box with <c>--per-box</c>.
/// </summary>
internal static class BoxamCommand
{
    /// <summary>The methods that work with box targets, from the catalogue.</summary>
    internal static readonly string[] Methods = [.. CamMethods.All.Where(m => m.BoxTargets).Select(m => m.Name)];

    public static Command Create()
    {
        var images = new Argument<string[]>("images") { Description = "Image files or folders of images.", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string>("--model", "-m") { Description = "The ONNX detector.", Required = true };
        var method = new Option<string>("--method")
        {
            Description = $"One of {string.Join(", ", Methods)} (default: gradcam; drise for exports with NMS inside). Per box, hirescam or layercam keep where the gradient is; gradcam averages it over the whole map.",
        };
        var layers = new Option<string[]?>("--target-layers")
        {
            Description = "Layers (default: the inputs of the detection head). Several: gradient methods average one map per layer; eigencam, ablationcam and scorecam stack |A| resized to the largest (MMYOLO).",
            AllowMultipleArgumentsPerToken = true,
        };
        var head = new Option<string?>("--head") { Description = $"Output layout: {string.Join(", ", HeadKinds.Names)}." };
        var scoreThr = new Option<float>("--score-thr") { Description = "Boxes scoring above this are explained.", DefaultValueFactory = _ => 0.3f };
        var iouThr = new Option<float>("--iou-thr") { Description = "NMS IoU threshold.", DefaultValueFactory = _ => 0.45f };
        var topk = new Option<int>("--topk") { Description = "Explain at most this many boxes (-1 = all).", DefaultValueFactory = _ => -1 };
        var normInBox = new Option<bool>("--norm-in-bbox") { Description = "Scale the map inside each box on its own; zero outside (MMYOLO)." };
        var perBox = new Option<bool>("--per-box") { Description = "One map per box, each for that box's own target, tiled with its label." };
        var targetKind = new Option<string?>("--box-target") { Description = "match (IoU + score of the best-matching prediction, MMYOLO's; default for gradient-free methods) or score (the box's own raw score; default for gradient methods and with --per-box)." };
        var batch = new Option<int>("--batch-size") { Description = "Images per forward pass for ablationcam and scorecam.", DefaultValueFactory = _ => 32 };
        var labels = CommonOptions.Labels();
        var outFile = new Option<string>("--out-file") { Description = "Output picture (one input).", DefaultValueFactory = _ => "boxam.png" };
        var outDir = new Option<string?>("--out-dir") { Description = "Folder for one picture per input (several images or folders)." };
        var saveRaw = new Option<string?>("--save-raw") { Description = "Write the [0,1] maps as .npy (maps × H × W at input size; one input)." };
        var input = new InputOptions();
        var command = new Command("boxam", "Box-level activation maps for YOLO-family detectors.")
        {
            images, model, method, layers, head, scoreThr, iouThr, topk, normInBox, perBox, targetKind, batch, labels, outFile, outDir, saveRaw,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            // Everything the user can get wrong is checked before the model loads.
            string? methodName = parsed.GetValue(method)?.ToLowerInvariant();
            if (methodName is not null && !Methods.Contains(methodName)) throw new CliException($"boxam supports --method {string.Join(", ", Methods)}; got '{methodName}'.");
            var options = DetectCommand.Thresholds(parsed.GetValue(scoreThr), parsed.GetValue(iouThr), parsed.GetValue(topk));
            HeadKind? kind = parsed.GetValue(head) is { } h ? DetectCommand.ParseHead(h) : null;
            BoxTargetKind? target = parsed.GetValue(targetKind) switch
            {
                null => null,
                "score" => BoxTargetKind.Score,
                "match" => BoxTargetKind.Match,
                var other => throw new CliException($"--box-target must be 'match' or 'score'; got '{other}'."),
            };
            if (parsed.GetValue(input.InputTensor) is not null) throw new CliException("boxam draws on the image: give an image file rather than --input-tensor.");
            var sources = InputFiles.List(parsed.GetValue(images) ?? [], null);
            string? dir = parsed.GetValue(outDir);
            if (sources.Count > 1 || dir is not null) OutputFiles.EnsureWritableDirectory(dir ??= "boxam_output");
            string? file = dir is null ? OutputFiles.EnsureImageFile(parsed.GetValue(outFile)!) : null;
            string? raw = parsed.GetValue(saveRaw);
            if (raw is not null && sources.Count > 1) throw new CliException("--save-raw takes one input; give one image.");
            if (raw is not null) OutputFiles.EnsureWritableFile(raw);
            var outputPaths = dir is null ? null : OutputFiles.PerInput(parsed.GetValue(images) ?? [], sources, dir);

            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            var names = ClassNames.For(m, parsed.GetValue(labels));
            bool each = parsed.GetValue(perBox), inBox = parsed.GetValue(normInBox);
            CamMethod? camMethod = null;
            string[]? values = null;

            // One input at a time (maps of detectors are large); a failing image does not stop the rest.
            return InputBatch.Run(sources, 1, parsed.GetValue(CommonOptions.Verbose), source =>
            {
                string outPath = file ?? outputPaths![source];
                var loaded = input.Load(parsed, m, source.Path);
                var prepared = loaded.Image!;
                var decoder = DetectCommand.Recognise(m, loaded.Tensor.Shape[2], loaded.Tensor.Shape[3], kind);
                var found = Detector.Detect(decoder, m.Run(loaded.Tensor), prepared.Geometry, options);
                if (found.Count == 0)
                {
                    Console.Error.WriteLine($"note: {loaded.Name}: no boxes scored above --score-thr {options.ScoreThreshold.ToString(CultureInfo.InvariantCulture)}; nothing to explain, no file written.");
                    return;
                }
                if (camMethod is null)
                {
                    // No --method: the library's choice for this export (D-RISE when NMS runs inside it), said once.
                    if (methodName is null)
                    {
                        (methodName, string reason) = DefaultBoxMethod.For(m, decoder);
                        Console.Error.WriteLine($"method: {methodName} ({reason})");
                    }
                    camMethod = CamMethods.Create(methodName);
                    if (each && methodName == "gradcam")
                        Console.Error.WriteLine("note: per box, gradcam averages the box's gradient over the whole map and often lights up other objects; hirescam (MMYOLO's Grad-CAM) or layercam keep it in place.");
                }
                if (values is null)
                {
                    values = CamMethods.Info(methodName!).WholeNetwork ? [] : TargetLayers(m, parsed.GetValue(layers));
                    if (values.Length > 0) Console.Error.WriteLine($"target layers: {string.Join(", ", values)}");
                }

                var maps = BoxCam.Run(m, loaded.Tensor, decoder, found, values, camMethod, each, target, Math.Max(1, parsed.GetValue(batch)));
                var panels = new List<RgbImage>();
                var captions = new List<string?>();
                foreach (var boxMap in maps)
                {
                    var map = prepared.Geometry.MapToSource(new FloatMap(boxMap.Result.Width, boxMap.Result.Height, boxMap.Map));
                    if (inBox) map = BoxMaps.NormalizeInBoxes(map, boxMap.Boxes.Select(d => d.Box));
                    panels.Add(DetectionPainter.Draw(HeatmapOverlay.ShowCamOnImage(prepared.Original, map), boxMap.Boxes, names));
                    captions.Add(boxMap.Boxes.Count == 1 ? DetectionPainter.Label(boxMap.Boxes[0], names) : $"{methodName}: {boxMap.Boxes.Count} boxes");
                }
                ImageEncoder.Save(panels.Count == 1 ? panels[0] : ImageGrid.Horizontal(panels, captions), outPath);
                if (raw is not null) OutputFiles.WriteMaps(raw, maps.Select(x => x.Map).ToList(), loaded.Tensor.Shape[2], loaded.Tensor.Shape[3]);
                Console.WriteLine($"wrote {outPath}{(raw is null ? "" : $" and {raw}")} ({found.Count} box{(found.Count == 1 ? "" : "es")})");
            });
        });
        return command;
    }

    /// <summary>The layers given, else the detection head's inputs.</summary>
    private static string[] TargetLayers(Model m, string[]? given) =>
        given is { Length: > 0 } ? given.SelectMany(m.ResolveLayer).Distinct().ToArray()
            : m.Profile.CamLayer?.Values.ToArray()
              ?? throw new CliException("No detection-head inputs could be found in this export: give --target-layers (see 'camsharp layers').");
}
