using System.CommandLine;
using CamSharp.Engine;
using CamSharp.Features;
using CamSharp.Imaging;
using CamSharp.Onnx;
using CamSharp.Tensors;

namespace CamSharp.Cli.Commands;

/// <summary>
/// <c>camsharp featmap</c>: MMYOLO's <c>featmap_vis_demo.py</c>. The chosen layers' feature maps,
/// reduced (squeeze_mean, select_max, or top-k channels), overlaid on the original image
/// through the exact letterbox or resize the model saw, two maps per row.
/// </summary>
internal static class FeatmapCommand
{
    /// <summary>
    /// Detector boxes drawn under the maps, as MMYOLO does (predictions above --score-thr), at
    /// the input size the image was prepared for; null for models with no recognised detection head.
    /// </summary>
    internal static FeatureMapBoxSource? BoxSourceFor(Model model, int height, int width)
    {
        CamSharp.Detection.DetectionHead head;
        try
        {
            head = CamSharp.Detection.DetectionHeads.Recognise(model, height, width);
        }
        catch (Exception e) when (e is CamSharp.Engine.InputException or CamSharp.Engine.ModelException)
        {
            return null;
        }
        var names = model.Profile.ClassNames;
        return (outputs, threshold) => CamSharp.Detection.Detector.Detect(head, outputs, null, new CamSharp.Detection.DetectionOptions(threshold))
            .Select(d => new FeatureMapBox(d.InputBox.X0, d.InputBox.Y0, d.InputBox.X1, d.InputBox.Y1, CamSharp.Detection.DetectionPainter.Label(d, names)))
            .ToArray();
    }

    public static Command Create()
    {
        var images = new Argument<string[]>("images") { Description = "Image files or folders of images.", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string>("--model") { Description = "The ONNX model file.", Required = true };
        var layers = new Option<string[]>("--target-layers") { Description = "Layers (module paths, value or node names); a module with several outputs gives one map per output (default: the model's feature layers, as 'camsharp layers' shows them: backbone on an Ultralytics export, the last feature map of a classifier, a detector's head inputs).", AllowMultipleArgumentsPerToken = true };
        var reduction = new Option<string>("--channel-reduction") { Description = "squeeze_mean, select_max or none.", DefaultValueFactory = _ => "select_max" };
        var topk = new Option<int>("--topk") { Description = "With --channel-reduction none: the channels with the largest sums shown.", DefaultValueFactory = _ => 4 };
        var arrangement = new Option<int[]>("--arrangement") { Description = "Rows and columns of the top-k tiles.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [2, 2] };
        var alpha = new Option<float>("--alpha") { Description = "Weight of the heat map over the image.", DefaultValueFactory = _ => 0.5f };
        var scoreThr = new Option<float>("--score-thr") { Description = "Detectors: boxes scoring above this are drawn first.", DefaultValueFactory = _ => 0.3f };
        var outFile = new Option<string?>("--out-file") { Description = $"The picture, for one input (default: {OutputPlan.DefaultFolder("featmap")}/<image name>)." };
        var outDir = new Option<string?>("--out-dir") { Description = $"Folder for one picture per input, subfolders mirrored and names kept (several images or a folder; default {OutputPlan.DefaultFolder("featmap")})." };
        var atInputSize = new Option<bool>("--at-input-size") { Description = "Draw on the network input (letterboxed/resized) instead of the original image." };
        var preview = PreviewModel();
        var saveRaw = new Option<string?>("--save-raw") { Description = "Save the reduced maps before colouring as .npy (stacked in order; one file per output when sizes differ)." };
        var workers = CommonOptions.Workers();
        var input = new InputOptions();
        var command = new Command("featmap", "Draw feature maps of chosen layers over the image (MMYOLO featmap_vis_demo).")
        { images, model, layers, reduction, topk, arrangement, alpha, scoreThr, outFile, outDir, atInputSize, preview, saveRaw, workers };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(preview))
            {
                var pm = input.LoadModel(parsed, parsed.GetValue(model)!);
                int channels = pm.Input.Shape is { Length: 4 } s && s[1] > 0 ? s[1] : 3;
                var shapes = pm.StaticInputSize is var (ph, pw) ? pm.Session.GetPlan(1, channels, ph, pw) : null;
                Console.WriteLine(LayerTreeFormatter.Format(pm.Modules, v => shapes?.TryShapeOf(v)));
                return ExitCodes.Ok;
            }

            // Everything the user can get wrong is checked before any work (and before the model loads).
            var arr = parsed.GetValue(arrangement)!;
            if (arr.Length != 2) throw new CliException($"--arrangement needs two numbers (rows columns), got {arr.Length}.");
            float scoreThreshold = parsed.GetValue(scoreThr);
            if (!(scoreThreshold is >= 0 and <= 1)) throw new CliException($"--score-thr must be in 0..1; got {scoreThreshold}.");
            var options = new FeatureMapOptions(ParseReduction(parsed.GetValue(reduction)!), parsed.GetValue(topk), arr[0], arr[1], parsed.GetValue(alpha));
            string topkOnly = $"it applies with --channel-reduction none (this run uses {parsed.GetValue(reduction)}).";
            IgnoredOptions.WarnIf(parsed, options.Reduction != ChannelReduction.None, topk, topkOnly);
            IgnoredOptions.WarnIf(parsed, options.Reduction != ChannelReduction.None, arrangement, topkOnly);
            var arguments = parsed.GetValue(images) ?? [];
            var sources = InputFiles.List(arguments, parsed.GetValue(input.InputTensor));
            var plan = OutputPlan.ForImages("featmap", arguments, sources, parsed.GetValue(outFile), parsed.GetValue(outDir));
            string? raw = parsed.GetValue(saveRaw);
            if (raw is not null) OutputFiles.EnsureWritableFile(raw);
            var full = input.LoadModel(parsed, parsed.GetValue(model)!);
            var (m, workerCount) = WorkerShare.Split(full, parsed.GetValue(workers), sources.Count);
            var named = parsed.GetValue(layers) is { Length: > 0 } given ? given : m.Profile.FeatureLayers.ToArray();
            if (named.Length == 0) throw new CliException($"--target-layers: no layer to show could be chosen from {m.Source}; name one ('camsharp layers' lists them).");
            var layerValues = named.Select(l => (Layer: l, Values: m.ResolveLayer(l))).ToArray();
            var taps = layerValues.SelectMany(l => l.Values).Distinct().ToArray();

            // The same input given twice keeps its first position (a dictionary of duplicates threw).
            var index = sources.Select((s, i) => (s, i)).GroupBy(p => p.s).ToDictionary(g => g.Key, g => g.First().i);
            return InputBatch.Run(sources, workerCount, parsed.GetValue(CommonOptions.Verbose), source => Process(source, m), plan.Folder,
                workerCount > 1 ? source => Process(source, full) : null);

            // One input under one model's budget (a worker's share, or the whole one when alone).
            void Process(InputSource source, Model model)
            {
                var loaded = input.Load(parsed, model, source.IsTensor ? null : source.Path);
                string target = plan.PathFor(source);
                var boxSource = BoxSourceFor(model, loaded.Tensor.Shape[2], loaded.Tensor.Shape[3]);
                IgnoredOptions.WarnIf(parsed, boxSource is null, scoreThr, $"{model.Source} has no detection head whose boxes could be drawn.");
                var (image, maps) = Draw(model, loaded, layerValues, taps, options, parsed.GetValue(atInputSize), boxSource, scoreThreshold);
                string? rawWritten = raw is null ? null : WriteRaw(raw, maps, sources.Count > 1 ? index[source] : null);
                ImageEncoder.Save(image, target);
                Messages.Wrote(target, rawWritten is null ? null : $"raw maps in {rawWritten}");
            }
        });
        return command;
    }

    /// <summary>--preview-model (MMYOLO's): print the model's layers and exit.</summary>
    internal static Option<bool> PreviewModel() => new("--preview-model") { Description = "Print the model's layers and exit." };

    private static (RgbImage Image, List<Tensor> Raw) Draw(Model m, LoadedInput loaded, (string Layer, IReadOnlyList<string> Values)[] layerValues,
        string[] taps, FeatureMapOptions options, bool atInputSize, FeatureMapBoxSource? boxSource, float scoreThr)
    {
        var t = loaded.Tensor;
        using var pass = m.Session.Run(t, new RunOptions { Taps = taps });
        var prepared = loaded.Image;
        var geometry = atInputSize ? null : prepared?.Geometry;
        // A bare tensor has no picture: its maps go on neutral grey at the input size.
        var background = prepared is null ? RgbImage.Filled(t.Shape[3], t.Shape[2], new Rgb(128, 128, 128))
            : atInputSize ? prepared.NetworkImage : prepared.Original;
        if (boxSource is not null) background = FeatureMapRenderer.DrawBoxes(background, boxSource(pass.Outputs, scoreThr), geometry);

        var panels = new List<RgbImage>();
        var captions = new List<string?>();
        var raw = new List<Tensor>();
        foreach (var (layer, values) in layerValues)
            for (int v = 0; v < values.Count; v++)
            {
                string name = values.Count > 1 ? $"{layer} [{v}]" : layer;
                var reduced = ReducedFeatureMap.Reduce(pass.Value(values[v]), options, name);
                panels.Add(FeatureMapRenderer.Render(reduced, background, options, geometry));
                captions.Add(layerValues.Length > 1 || values.Count > 1 ? name : null);
                raw.Add(reduced.ToTensor());
            }
        return (MapArrangement.Arrange(panels, captions.Any(c => c is not null) ? captions : null), raw);
    }

    /// <summary>One K×H×W stack when every map has the same size, else one file per map (F.0.npy, F.1.npy, …); returns what it wrote.</summary>
    private static string WriteRaw(string path, List<Tensor> maps, int? imageIndex)
    {
        string stem = Path.ChangeExtension(path, null) + (imageIndex is { } i ? $".{i}" : "");
        bool sameSize = maps.All(t => t.Shape[1] == maps[0].Shape[1] && t.Shape[2] == maps[0].Shape[2]);
        if (sameSize)
        {
            int k = maps.Sum(t => t.Shape[0]), h = maps[0].Shape[1], w = maps[0].Shape[2];
            var data = maps.SelectMany(t => t.ToFloatArray()).ToArray();
            OutputFiles.WriteNpy(stem + ".npy", Tensor.FromFloats(data, k, h, w));
            return stem + ".npy";
        }
        for (int j = 0; j < maps.Count; j++) OutputFiles.WriteNpy($"{stem}.{j}.npy", maps[j]);
        return $"{stem}.0.npy … {stem}.{maps.Count - 1}.npy";
    }

    private static ChannelReduction ParseReduction(string name)
    {
        try
        {
            return ChannelReductionNames.Parse(name);
        }
        catch (ArgumentException)
        {
            throw new CliException($"--channel-reduction must be squeeze_mean, select_max or none, got '{name}'.");
        }
    }
}
