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
            Description = $"One of {string.Join(", ", Methods)}. Default hirescam (gradient × activation, what MMYOLO's box-AM Grad-CAM computes): it keeps each box's evidence where it is; gradcam averages the gradient over the whole map and gives a diffuse picture. Exports whose NMS runs inside the graph get drise (black-box), and boxam says so.",
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
        var outFile = new Option<string?>("--out-file") { Description = $"The picture, for one input (default: {OutputPlan.DefaultFolder("boxam")}/<image name>)." };
        var outDir = new Option<string?>("--out-dir") { Description = $"Folder for one picture per input, subfolders mirrored and names kept (several images or a folder; default {OutputPlan.DefaultFolder("boxam")}; MMYOLO's --out-dir)." };
        var preview = FeatmapCommand.PreviewModel();
        var saveRaw = new Option<string?>("--save-raw") { Description = "Write the [0,1] maps as .npy (maps × H × W at input size; one input)." };
        var input = new InputOptions();
        var command = new Command("boxam", "Box-level activation maps for YOLO-family and torchvision detectors.")
        {
            images, model, method, layers, head, scoreThr, iouThr, topk, normInBox, perBox, targetKind, batch, labels, outFile, outDir, saveRaw, preview,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(preview))
            {
                var pm = input.LoadModel(parsed, parsed.GetValue(model)!);
                var probe = input.InputSizeFor(parsed, pm, null);
                Console.WriteLine(Onnx.LayerTreeFormatter.Format(pm.Modules, pm.Session.GetPlan(1, 3, probe.Height, probe.Width).TryShapeOf));
                return ExitCodes.Ok;
            }
            // Everything the user can get wrong is checked before the model loads.
            string? methodName = parsed.GetValue(method)?.ToLowerInvariant();
            if (methodName is not null && !Methods.Contains(methodName)) throw new CliException($"boxam supports --method {string.Join(", ", Methods)}; got '{methodName}'.{Suggestions.DidYouMean(methodName, Methods)}");
            IgnoredOptions.WarnIf(parsed, methodName is not null && !IgnoredOptions.Batches(methodName), batch, $"{methodName} runs no batches of masked inputs (ablationcam, scorecam and drise do).");
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
            var arguments = parsed.GetValue(images) ?? [];
            var sources = InputFiles.List(arguments, null);
            string? raw = parsed.GetValue(saveRaw);
            if (raw is not null && OutputPlan.Several(sources)) throw new CliException("--save-raw takes one input; give one image.");
            var plan = OutputPlan.ForImages("boxam", arguments, sources, parsed.GetValue(outFile), parsed.GetValue(outDir));
            if (raw is not null) OutputFiles.EnsureWritableFile(raw);

            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            ClipInputs.Refuse(m, "boxam");
            var names = ClassNames.For(m, parsed.GetValue(labels));
            bool each = parsed.GetValue(perBox), inBox = parsed.GetValue(normInBox);
            CamMethod? camMethod = null;
            string[]? values = null;

            // One input at a time (maps of detectors are large); a failing image does not stop the rest.
            return InputBatch.Run(sources, 1, parsed.GetValue(CommonOptions.Verbose), source =>
            {
                string outPath = plan.PathFor(source);
                var loaded = input.Load(parsed, m, source.Path);
                var prepared = loaded.Image!;
                var decoder = DetectCommand.Recognise(m, loaded.Tensor.Shape[2], loaded.Tensor.Shape[3], kind);
                var found = Detector.Detect(decoder, m.Run(loaded.Tensor), prepared.Geometry, options);
                if (found.Count == 0)
                {
                    Messages.Note($"{loaded.Name}: no boxes scored above --score-thr {options.ScoreThreshold.ToString(CultureInfo.InvariantCulture)}; nothing to explain, no file written.");
                    return;
                }
                if (camMethod is null)
                {
                    // No --method: the library's choice for this export (D-RISE when NMS runs inside it), said once.
                    if (methodName is null)
                    {
                        (methodName, string reason) = DefaultBoxMethod.For(m, decoder);
                        Messages.Info($"method: {methodName} ({reason})");
                        IgnoredOptions.WarnIf(parsed, !IgnoredOptions.Batches(methodName), batch, $"{methodName} runs no batches of masked inputs (ablationcam, scorecam and drise do).");
                    }
                    camMethod = CamMethods.Create(methodName);
                    BoxCam.CheckMethod(decoder, camMethod);  // before layers are looked for: a graph-chosen box has none to name
                    if (each && methodName == "gradcam")
                        Messages.Note("per box, gradcam averages the box's gradient over the whole map and often lights up other objects; hirescam (MMYOLO's Grad-CAM) or layercam keep it in place.");
                }
                if (values is null)
                {
                    values = CamMethods.Info(methodName!).WholeNetwork ? [] : TargetLayers(m, parsed.GetValue(layers));
                    if (values.Length > 0) Messages.Info($"target layers: {string.Join(", ", values)}");
                }

                var maps = BoxCam.Run(m, loaded.Tensor, decoder, found, values, camMethod, each, target, Math.Max(1, parsed.GetValue(batch)), options);
                var panels = new List<RgbImage>();
                var captions = new List<string?>();
                var rawMaps = new List<float[]>();
                foreach (var boxMap in maps)
                {
                    // --norm-in-bbox at the network input, so the saved maps are the ones drawn.
                    var atInput = new FloatMap(boxMap.Result.Width, boxMap.Result.Height, boxMap.Map);
                    if (inBox) atInput = BoxMaps.NormalizeInBoxes(atInput, boxMap.Boxes.Select(d => d.InputBox));
                    rawMaps.Add(atInput.Data);
                    if (atInput.Data.All(v => v == 0))
                        Messages.Warning($"{loaded.Name}: the {methodName} map for {(boxMap.Boxes.Count == 1 ? DetectionPainter.Label(boxMap.Boxes[0], names) : $"{boxMap.Boxes.Count} boxes")} is all zero: no region counted for it (for drise: every masked image matched the box alike).");
                    var map = prepared.Geometry.MapToSource(atInput);
                    panels.Add(DetectionPainter.Draw(HeatmapOverlay.ShowCamOnImage(prepared.Original, map), boxMap.Boxes, names));
                    captions.Add(boxMap.Boxes.Count == 1 ? DetectionPainter.Label(boxMap.Boxes[0], names) : $"{methodName}: {boxMap.Boxes.Count} boxes");
                }
                ImageEncoder.Save(panels.Count == 1 ? panels[0] : ImageGrid.Horizontal(panels, captions), outPath);
                if (raw is not null) OutputFiles.WriteMaps(raw, rawMaps, loaded.Tensor.Shape[2], loaded.Tensor.Shape[3]);
                Messages.Wrote(outPath + (raw is null ? "" : $" and {raw}"), $"{found.Count} box{(found.Count == 1 ? "" : "es")}");
            }, plan.Folder);
        });
        return command;
    }

    /// <summary>The layers given, else the detection head's inputs.</summary>
    private static string[] TargetLayers(Model m, string[]? given) =>
        given is { Length: > 0 } ? given.SelectMany(m.ResolveLayer).Distinct().ToArray()
            : m.Profile.CamLayer?.Values.ToArray()
              ?? throw new CliException("No detection-head inputs could be found in this export: give --target-layers (see 'camsharp layers').");
}
