using System.CommandLine;
using System.Text.Json;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Imaging;
using CamSharp.Onnx;
using CamSharp.Tensors;

namespace CamSharp.Cli.Commands;

/// <summary>
/// <c>camsharp cam</c>: class activation maps, with MMPretrain <c>vis_cam.py</c>'s flag names
/// and pytorch-grad-cam's method names.
/// </summary>
internal static class CamCommand
{
    public static Command Create()
    {
        var images = new Argument<string[]>("images") { Description = "Image files or folders of images (searched recursively).", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string>("--model") { Description = "The ONNX model file.", Required = true };
        var input = new InputOptions();
        var method = new Option<string>("--method") { Description = $"CAM method(s), comma-separated, or 'all': {string.Join(", ", CamMethods.Names.Concat(CamMethods.GuidedNames).Append(CamMethods.DffName))}.", DefaultValueFactory = _ => "gradcam" };
        var layers = new Option<string[]?>("--target-layers") { Description = "Layers to explain (default: the last spatial layer).", AllowMultipleArgumentsPerToken = true };
        var categories = new Option<int[]?>("--target-category") { Description = "Classes to explain (default: the top class); several give one panel each.", AllowMultipleArgumentsPerToken = true };
        var eigen = new Option<bool>("--eigen-smooth") { Description = "Use the first principal component instead of the channel sum." };
        var aug = new Option<bool>("--aug-smooth") { Description = "Average over flips and input scalings (6 runs)." };
        var noSignFix = new Option<bool>("--no-sign-fix") { Description = "Keep the SVD's arbitrary sign in Eigen methods (pytorch-grad-cam's behaviour)." };
        var vit = new Option<bool>("--vit-like") { Description = "The layer outputs transformer tokens [N, T, C]: reshape them to a map." };
        var extra = new Option<int>("--num-extra-tokens") { Description = "Tokens before the patch tokens (class, distillation).", DefaultValueFactory = _ => 1 };
        var grid = new Option<int[]?>("--token-grid") { Description = "Token grid H W for non-square grids.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
        var batch = new Option<int?>("--batch-size") { Description = "Images per forward in ScoreCAM/AblationCAM (default: as many as fit in 1 GiB)." };
        var colormap = CommonOptions.ColorMap();
        var weight = CommonOptions.InRange(new Option<float>("--image-weight") { Description = "Weight of the image in the overlay.", DefaultValueFactory = _ => 0.5f }, 0f, 1f);
        var save = new Option<string>("--save-path") { Description = "Where to write the picture (one input).", DefaultValueFactory = _ => "cam.png" };
        var outDir = new Option<string?>("--out-dir") { Description = "Folder for one picture per input (several images or folders)." };
        var raw = new Option<string?>("--save-raw") { Description = "Write the [0,1] maps as .npy (maps × H × W at input size)." };
        var atInput = new Option<bool>("--at-input-size") { Description = "Draw on the network input instead of the original image." };
        var preview = new Option<bool>("--preview-model") { Description = "Print the model's layers and exit." };
        var json = CommonOptions.Json();
        var labels = CommonOptions.Labels();
        var precise = CommonOptions.Precise();
        var concepts = CommonOptions.InRange(new Option<int>("--concepts") { Description = "With --method dff: how many concepts to factorise.", DefaultValueFactory = _ => 5 }, 1, 4096);
        var workers = CommonOptions.Workers();
        var command = new Command("cam", "Class activation maps (Grad-CAM family) for a classifier.")
        {
            images, model, method, layers, categories, eigen, aug, noSignFix, vit, extra, grid, batch, colormap, weight, save, raw, atInput, preview, json, concepts, labels, precise, outDir, workers,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(preview))
            {
                var pm = input.LoadModel(parsed, parsed.GetValue(model)!);
                var size = input.InputSizeFor(parsed, pm, null);
                Console.WriteLine(LayerTreeFormatter.Format(pm.Modules, pm.Session.GetPlan(1, 3, size.Height, size.Width).TryShapeOf));
                return ExitCodes.Ok;
            }
            var sources = InputFiles.List(parsed.GetValue(images) ?? [], parsed.GetValue(input.InputTensor));
            string? dir = parsed.GetValue(outDir);
            if (sources.Count > 1 && parsed.GetValue(raw) is not null) throw new CliException("--save-raw takes one input; give one image or --input-tensor.");
            if (sources.Count > 1 || dir is not null) OutputFiles.EnsureOutputDirectory(dir ??= "cam_output");
            string? savePath = dir is null ? OutputFiles.EnsureImageFile(parsed.GetValue(save)!) : null;
            string? rawPath = parsed.GetValue(raw) is { } r ? OutputFiles.EnsureWritableFile(r) : null;
            if (ParseMethods(parsed.GetValue(method)!).Count == 0 && GuidedMethods(parsed.GetValue(method)!).Count == 0 && !WantsDff(parsed.GetValue(method)!))
                throw new CliException($"--method names no method ('{parsed.GetValue(method)}'); give one or more of: {string.Join(", ", CamMethods.Names)}, or 'all'."); // unknown names fail before any work
            var map = CommonOptions.ParseColorMap(parsed.GetValue(colormap)!);
            // Everything the user can get wrong is checked above, before the model loads.
            var m = input.LoadModel(parsed, parsed.GetValue(model)!);

            var outputPaths = dir is null ? null : OutputFiles.PerInput(parsed.GetValue(images) ?? [], sources, dir);
            return InputBatch.Run(sources, parsed.GetValue(workers), parsed.GetValue(CommonOptions.Verbose), source =>
                RenderOne(source.IsTensor ? null : source.Path, savePath ?? outputPaths![source]));

            // One input: maps for every method (and class), drawn side by side.
            void RenderOne(string? imagePath, string outputPath)
            {
                var loaded = input.Load(parsed, m, imagePath);

                var tensor = loaded.Tensor;
                int[]? classes = parsed.GetValue(categories) is { Length: > 0 } cs ? cs : null;
                tensor = TargetCategories.RowsFor(tensor, classes);

                var plan = m.Session.GetPlan(tensor.Shape);
                bool vitLike = parsed.GetValue(vit);
                var layerNames = parsed.GetValue(layers) is { Length: > 0 } ls ? ls : [DefaultTargetLayer.Find(m, plan, vitLike).Name];
                var values = layerNames.SelectMany(m.ResolveLayer).Distinct().ToArray();
                Console.Error.WriteLine($"target layers: {string.Join(", ", layerNames)} ({string.Join(", ", values)})");

                var options = new CamOptions
                {
                    EigenSmooth = parsed.GetValue(eigen),
                    AugSmooth = parsed.GetValue(aug),
                    FixSign = !parsed.GetValue(noSignFix),
                    BatchSize = parsed.GetValue(batch) is int size ? Math.Max(1, size) : null,
                    Precise = parsed.GetValue(precise),
                };
                ActivationReshape? reshape = vitLike
                    ? new TokenGridReshape(parsed.GetValue(extra), parsed.GetValue(grid) is { Length: 2 } g ? (g[0], g[1]) : null)
                    : null;
                var targets = classes?.Select(c => (OutputTarget)new ClassTarget(c)).ToArray();

                var panels = new List<RgbImage>();
                var captions = new List<string?>();
                var rawMaps = new List<float[]>();
                var summary = new List<object>();
                foreach (var guided in GuidedMethods(parsed.GetValue(method)!))
                {
                    var gradient = GuidedBackprop.InputGradient(m, tensor, targets ?? CamRunner.TopClassTargets(m, tensor));
                    var gradCam = guided == "guidedgradcam" ? CamRunner.Run(m, tensor, values, new Explain.Methods.GradCam(), targets, options, reshape) : null;
                    for (int b = 0; b < tensor.Shape[0]; b++)
                    {
                        panels.Add(GuidedBackprop.ToImage(gradient, b, gradCam?.Maps[b].ToArray()));
                        captions.Add($"{guided} | {(classes is not null ? $"class {classes[b]}" : "top class")}");
                        summary.Add(new { method = guided, image = b, @class = classes?[b] });
                    }
                }
                if (WantsDff(parsed.GetValue(method)!))
                {
                    var names = ClassNames.For(m, parsed.GetValue(labels));
                    var found = DeepFeatureFactorization.Run(m, tensor, values[0], Math.Max(1, parsed.GetValue(concepts)));
                    for (int k = 0; k < found.Count; k++)
                    {
                        var concept = found[k];
                        int best = Array.IndexOf(concept.Scores, concept.Scores.Max());
                        panels.Add(Overlay(loaded, new FloatMap(tensor.Shape[3], tensor.Shape[2], concept.Maps[0]), map, parsed.GetValue(weight), parsed.GetValue(atInput)));
                        captions.Add($"concept {k}: {ClassNames.Name(names, best)} {concept.Scores[best]:F2}");
                        summary.Add(new { method = "dff", concept = k, top_class = best, score = concept.Scores[best] });
                    }
                }
                // Fresh method objects per input: workers run inputs in parallel and some methods keep state.
                foreach (var method1 in ParseMethods(parsed.GetValue(method)!))
                {
                    var result = CamRunner.Run(m, tensor, values, method1, targets, options, reshape);
                    for (int b = 0; b < result.Maps.Count; b++)
                    {
                        var mapAtInput = new FloatMap(result.Width, result.Height, result.Maps[b].ToArray());
                        rawMaps.Add(mapAtInput.Data);
                        panels.Add(Overlay(loaded, mapAtInput, map, parsed.GetValue(weight), parsed.GetValue(atInput)));
                        string cls = classes is not null ? $"class {classes[b]}" : "top class";
                        captions.Add($"{method1.Name} | {cls}");
                        summary.Add(new { method = method1.Name, image = b, @class = classes?[b], score = result.Scores[b] });
                    }
                }
                ImageEncoder.Save(panels.Count == 1 ? panels[0] : ImageGrid.Horizontal(panels, captions), outputPath);
                if (rawPath is not null) OutputFiles.WriteMaps(rawPath, rawMaps, tensor.Shape[2], tensor.Shape[3]);
                if (parsed.GetValue(json))
                    Console.WriteLine(JsonSerializer.Serialize(new { layers = layerNames, values, maps = summary, file = outputPath, raw = rawPath }, CommonOptions.JsonOutput));
                else
                    Console.WriteLine($"wrote {outputPath}{(rawPath is null ? "" : $" and {rawPath}")}");
            }
        });
        return command;
    }

    /// <summary>The CAM over the original image (through the resize/letterbox), over the network input, or alone for tensors.</summary>
    private static RgbImage Overlay(LoadedInput loaded, FloatMap mapAtInput, ColorMap colorMap, float imageWeight, bool atInputSize)
    {
        if (loaded.Image is not { } prepared)
        {
            var bytes = mapAtInput.Data.Select(v => (byte)Math.Clamp(v * 255f, 0f, 255f)).ToArray();
            return colorMap.Apply(bytes, mapAtInput.Width, mapAtInput.Height);
        }
        if (atInputSize) return HeatmapOverlay.ShowCamOnImage(prepared.NetworkImage, mapAtInput, colorMap, imageWeight);
        var onOriginal = prepared.Geometry.MapToSource(mapAtInput);
        return HeatmapOverlay.ShowCamOnImage(prepared.Original, onOriginal, colorMap, imageWeight);
    }

    /// <summary>The guided (gradient-image) methods named in --method.</summary>
    private static IReadOnlyList<string> GuidedMethods(string name) =>
        name.Equals("all", StringComparison.OrdinalIgnoreCase) ? CamMethods.GuidedNames
            : Split(name).Where(n => CamMethods.GuidedNames.Contains(n, StringComparer.OrdinalIgnoreCase)).Select(n => n.ToLowerInvariant()).ToArray();

    private static bool WantsDff(string name) =>
        name.Equals("all", StringComparison.OrdinalIgnoreCase) || Split(name).Contains(CamMethods.DffName, StringComparer.OrdinalIgnoreCase);

    private static string[] Split(string name) => name.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IReadOnlyList<CamMethod> ParseMethods(string name)
    {
        try
        {
            return name.Equals("all", StringComparison.OrdinalIgnoreCase)
                ? CamMethods.Names.Select(CamMethods.Create).ToArray()
                : Split(name).Where(n => !CamMethods.GuidedNames.Contains(n, StringComparer.OrdinalIgnoreCase) && !n.Equals(CamMethods.DffName, StringComparison.OrdinalIgnoreCase))
                    .Select(CamMethods.Create).ToArray();
        }
        catch (InputException e)
        {
            throw new CliException(e.Message);
        }
    }
}
