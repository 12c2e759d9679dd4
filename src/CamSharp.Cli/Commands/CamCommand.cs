using System.CommandLine;
using CamSharp.Application;
using CamSharp.Explain;
using CamSharp.Imaging;
using CamSharp.Onnx;
using CamSharp.Tensors;

namespace CamSharp.Cli.Commands;

/// <summary>
/// <c>camsharp cam</c>: class activation maps, with MMPretrain <c>vis_cam.py</c>'s flag names
/// and pytorch-grad-cam's method names. Parses, binds one <see cref="Explainer"/> per method,
/// and draws what it returns.
/// </summary>
internal static class CamCommand
{
    public static Command Create()
    {
        var images = new Argument<string[]>("images") { Description = "Image files or folders of images (searched recursively).", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string>("--model") { Description = "The ONNX model file.", Required = true };
        var input = new InputOptions();
        var method = new Option<string>("--method") { Description = $"Method(s), comma-separated, or 'all' ({string.Join(", ", CamMethods.AllNames)}); also: {string.Join(", ", CamMethods.All.Where(m => !m.InAll).Select(m => m.Name))}.", DefaultValueFactory = _ => "gradcam" };
        var layers = new Option<string[]?>("--target-layers") { Description = "Layers to explain (default: chosen from the model; 'camsharp layers' shows which and why).", AllowMultipleArgumentsPerToken = true };
        var categories = new Option<string[]?>("--target-category") { Description = "Classes to explain, by index or name (default: the top class); several give one panel each.", AllowMultipleArgumentsPerToken = true };
        var eigen = new Option<bool>("--eigen-smooth") { Description = "Use the first principal component instead of the channel sum." };
        var aug = new Option<bool>("--aug-smooth") { Description = "Average over flips and input scalings (6 runs)." };
        var noSignFix = new Option<bool>("--no-sign-fix") { Description = "Keep the SVD's arbitrary sign in Eigen methods (pytorch-grad-cam's behaviour)." };
        var vit = new Option<bool>("--vit-like") { Description = "Read the layer as transformer tokens [N, T, C] (found from the graph anyway; this confirms it)." };
        var extra = new Option<int?>("--num-extra-tokens") { Description = "Tokens before the patch tokens (class, distillation); default: found from the graph." };
        var grid = new Option<int[]?>("--token-grid") { Description = "Token grid H W for non-square grids.", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true };
        grid.Validators.Add(result =>
        {
            if (CommonOptions.TryValue<int[]?>(result, out var g) && g is { } hw && hw.Any(v => v < 1))
                result.AddError($"--token-grid needs two positive numbers, got {string.Join(" ", hw)}.");
        });
        var batch = new Option<int?>("--batch-size") { Description = "Images per forward in ScoreCAM/AblationCAM (default: as many as fit in 1 GiB)." };
        var colormap = CommonOptions.ColorMap();
        var weight = new Option<float>("--image-weight") { Description = "Weight of the image in the overlay, 0..1.", DefaultValueFactory = _ => 0.5f };
        var save = new Option<string?>("--out-file", "--save-path") { Description = $"The picture, for one input (--save-path: MMPretrain's and pytorch-grad-cam's name). Default: {OutputPlan.DefaultFolder("cam")}/<image name>." };
        var outDir = new Option<string?>("--out-dir") { Description = $"Folder for one picture per input, subfolders mirrored and names kept (several images or a folder; default {OutputPlan.DefaultFolder("cam")})." };
        var raw = new Option<string?>("--save-raw") { Description = "Write the [0,1] maps as .npy (maps × H × W at input size)." };
        var atInput = new Option<bool>("--at-input-size") { Description = "Draw on the network input instead of the original image." };
        var preview = new Option<bool>("--preview-model") { Description = "Print the model's profile and layers and exit." };
        var json = CommonOptions.Json();
        var labels = CommonOptions.Labels();
        var precise = CommonOptions.Precise();
        var conceptImage = new Option<string?>("--concept-image") { Description = "For an embedder: explain the similarity to this image's embedding (default: the embedding's norm)." };
        var concepts = new Option<int>("--concepts") { Description = "With --method dff: how many concepts to factorise (1..64).", DefaultValueFactory = _ => 5 };
        var workers = CommonOptions.Workers();
        var command = new Command("cam", "Class activation maps (Grad-CAM family) for a classifier, segmenter or embedder.")
        {
            images, model, method, layers, categories, eigen, aug, noSignFix, vit, extra, grid, batch, colormap, weight, save, raw, atInput, preview, json, concepts, conceptImage, labels, precise, outDir, workers, input.Frames,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(preview))
            {
                var pm = input.LoadModel(parsed, parsed.GetValue(model)!);
                var probe = input.InputSizeFor(parsed, pm, null);
                Console.Write(ModelProfileFormatter.Format(pm.Profile));
                Console.WriteLine(LayerTreeFormatter.Format(pm.Modules, pm.Session.GetPlan(pm.InputShapeFor(probe.Height, probe.Width)).TryShapeOf));
                return ExitCodes.Ok;
            }
            // Everything the user can get wrong is checked before the model loads.
            var arguments = parsed.GetValue(images) ?? [];
            var sources = InputFiles.List(arguments, parsed.GetValue(input.InputTensor));
            if (OutputPlan.Several(sources) && parsed.GetValue(raw) is not null) throw new CliException("--save-raw takes one input; give one image or --input-tensor.");
            // A video model's frames are several images but one clip: their plan waits for the model.
            OutputPlan? plan = null;
            CliException? planError = null;
            // Several images with --save-input are refused unless they are one clip, before any folder is made.
            if (!(OutputPlan.Several(sources) && parsed.GetValue(input.SaveInput) is not null))
                try
                {
                    plan = OutputPlan.ForImages("cam", arguments, sources, parsed.GetValue(save), parsed.GetValue(outDir), IgnoredOptions.Spelled(parsed, save));
                }
                catch (CliException e) when (!sources[0].IsTensor && OutputPlan.Several(sources) && parsed.GetValue(save) is not null)
                {
                    planError = e;
                }
            string? rawPath = parsed.GetValue(raw) is { } r ? OutputFiles.EnsureWritableFile(r) : null;
            var methodNames = MethodNames(parsed.GetValue(method)!);
            CamOptionChecks.CheckMethodOptions(parsed, methodNames, concepts, noSignFix, eigen, batch);
            var map = CommonOptions.ParseColorMap(parsed.GetValue(colormap)!);
            float imageWeight = parsed.GetValue(weight);
            if (!(imageWeight is >= 0 and <= 1)) throw new CliException($"--image-weight must be in 0..1, got {imageWeight}.");
            int conceptCount = parsed.GetValue(concepts);
            if (conceptCount is < 1 or > 64) throw new CliException($"--concepts must be 1..64, got {conceptCount}.");

            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            if (m.Profile.Kind == ModelKind.Detector)
                throw new CliException($"{m.Source} is a detector ({m.Profile.KindReason}): a class map on it would be blank. Use 'camsharp boxam' for maps of its boxes, or 'camsharp featmap' for its feature maps.");
            // A video model's images are its frames: one input (one picture) per clip of T.
            int clips = 0;
            if (VideoInput.Of(m) is { } video && !sources[0].IsTensor)
            {
                sources = [.. ClipInputs.Group(m, video, sources, parsed.GetValue(input.Frames))];
                clips = sources.Count;
                if (OutputPlan.Several(sources) && parsed.GetValue(raw) is not null) throw new CliException("--save-raw takes one input; give one clip's frames or --input-tensor.");
                OneInputOptions.CheckClips(parsed, clips);
                plan = OutputPlan.ForImages("cam", arguments, sources, parsed.GetValue(save), parsed.GetValue(outDir), IgnoredOptions.Spelled(parsed, save));
            }
            else
            {
                if (planError is not null) throw planError;
                if (parsed.GetValue(input.Frames) is not null) throw new CliException($"--frames is for video models; {m.Source} takes [{ShapeUtil.Format(m.Input.Shape)}].");
                OneInputOptions.CheckClips(parsed, null);
                plan ??= OutputPlan.ForImages("cam", arguments, sources, parsed.GetValue(save), parsed.GetValue(outDir), IgnoredOptions.Spelled(parsed, save));
            }
            var full = m;
            (m, int workerCount) = WorkerShare.Split(full, parsed.GetValue(workers), sources.Count);
            var options = new ExplainerOptions
            {
                Layers = parsed.GetValue(layers) is { Length: > 0 } ls ? ls : null,
                Cam = new CamOptions
                {
                    EigenSmooth = parsed.GetValue(eigen),
                    AugSmooth = parsed.GetValue(aug),
                    FixSign = !parsed.GetValue(noSignFix),
                    BatchSize = parsed.GetValue(batch) is int size ? Math.Max(1, size) : null,
                    Precise = parsed.GetValue(precise),
                },
                Preprocess = input.Resolve(parsed, m),
                InputSize = input.RequestedSize(parsed),
                Layout = parsed.GetValue(vit) ? FeatureLayout.Tokens : null,
                ExtraTokens = parsed.GetValue(extra),
                TokenGrid = parsed.GetValue(grid) is { Length: 2 } g ? (g[0], g[1]) : null,
                ClassNames = ClassNames.FromFile(parsed.GetValue(labels)),
                Concepts = conceptCount,
                Frames = parsed.GetValue(input.Frames),
            };
            options = CamOptionChecks.TokenOptionsThatApply(parsed, m, options, methodNames[0], vit, extra, grid);
            var explainers = methodNames.Select(name => new Explainer(m, options with { Method = name })).ToArray();
            var targets = TargetCategories.Parse(parsed.GetValue(categories), explainers[0].Profile);
            if (parsed.GetValue(conceptImage) is { } concept)
            {
                if (m.Profile.Kind != ModelKind.Embedder)
                    throw new CliException($"--concept-image explains an embedder's similarity; {m.Source} is a {ModelProfileFormatter.Kind(m.Profile.Kind)}.");
                if (targets is not null) throw new CliException("Give either --target-category or --concept-image, not both.");
                targets = [new ExplainTarget { Concept = explainers[0].Embed(ImageDecoder.Load(concept, m.Limits)) }];
            }
            var first = explainers[0];
            if (first.Layers.Count > 0) Messages.Info($"target layers: {string.Join(", ", first.Layers.Select(l => $"{l.Name} ({l.Layout}; {l.Reason})"))}");
            foreach (var warning in explainers.SelectMany(e => e.Warnings).Distinct()) Messages.Warning(warning);

            Explainer[]? fullExplainers = null;
            return InputBatch.Run(sources, workerCount, parsed.GetValue(CommonOptions.Verbose),
                source => RenderOne(source, plan!.PathFor(source), explainers, m), plan!.Folder,
                workerCount > 1 ? source => RenderOne(source, plan!.PathFor(source),
                    fullExplainers ??= methodNames.Select(name => new Explainer(full, options with { Method = name })).ToArray(), full) : null);

            // One input: maps for every method (and class), one grid (ExplanationPicture.Compose).
            void RenderOne(InputSource source, string outputPath, Explainer[] bound, Model model)
            {
                if (source.Frames is { } clipFrames)
                {
                    RenderClip(source, clipFrames, outputPath, bound, model);
                    return;
                }
                var image = source.IsTensor ? null : ImageDecoder.Load(source.Path, model.Limits, ImageDecoder.DrawingBytesPerPixel);
                if (image is not null)
                {
                    var (inputHeight, inputWidth) = bound[0].InputSizeFor(image.Height, image.Width);
                    MemoryAdmission.Check(model, image.Height, image.Width, inputHeight, inputWidth, source.Path);
                }
                var results = bound.Select(e => image is null
                    ? e.Explain(input.ReadTensor(source.Path, model.Limits.MemoryBytes), targets)
                    : e.Explain(image, targets)).ToList();
                // --save-input: the tensor the model was given (the explainer prepares it itself, so again here when asked).
                if (parsed.GetValue(input.SaveInput) is { } saveInput)
                    OutputFiles.WriteNpy(saveInput, source.IsTensor ? input.ReadTensor(source.Path, model.Limits.MemoryBytes)
                        : bound[0].Prepare(ImageDecoder.Load(source.Path, model.Limits, ImageDecoder.DrawingBytesPerPixel)).Tensor);
                Finish(source, outputPath, results);
            }

            // One clip: its frames decoded in order, one explanation per method, one picture over the frames.
            void RenderClip(InputSource source, IReadOnlyList<string> frames, string outputPath, Explainer[] bound, Model model)
            {
                var images = frames.Select(f => ImageDecoder.Load(f, model.Limits, ImageDecoder.DrawingBytesPerPixel)).ToArray();
                var results = bound.Select(e => e.Explain(images, targets)).ToList();
                if (parsed.GetValue(input.SaveInput) is { } saveInput) OutputFiles.WriteNpy(saveInput, bound[0].PrepareClip(images).Tensor);
                Finish(source, outputPath, results);
            }

            void Finish(InputSource source, string outputPath, List<Explanation> results)
            {
                var rawMaps = new List<float[]>();
                foreach (var result in results)
                {
                    foreach (var warning in result.Warnings) Messages.Warning($"{source.Path}: {warning}");
                    if (CamMethods.Info(result.Method).IsClassMap) rawMaps.AddRange(result.Maps.Where(x => x.AtInput is not null).Select(x => x.AtInput!.Data));
                }
                ImageEncoder.Save(ExplanationPicture.Compose(results, new OverlayOptions { ColorMap = map, ImageWeight = imageWeight, AtInputSize = parsed.GetValue(atInput) }), outputPath);
                if (rawPath is not null && rawMaps.Count == 0) Messages.WarnOnce($"--save-raw wrote nothing: {string.Join(", ", methodNames)} make no class maps.");
                if (rawPath is not null && rawMaps.Count > 0) OutputFiles.WriteMaps(rawPath, rawMaps, results[0].Maps[0].AtInput!.Height, results[0].Maps[0].AtInput!.Width);
                if (parsed.GetValue(json))
                {
                    var summary = results.SelectMany(res => res.Maps.Select((x, k) => new
                    {
                        method = res.Method,
                        target = x.Label,
                        @class = x.Class,
                        concept = res.Method == CamMethods.DffName ? k : (int?)null,
                        score = double.IsFinite(x.Score) ? x.Score : (double?)null,
                        all_zero = x.AllZero,
                    }));
                    Messages.Out(JsonText.Serialize(new
                    {
                        layers = first.Layers.Select(l => l.Name),
                        values = first.Layers.SelectMany(l => l.Values),
                        layout = first.Layers.Select(l => l.Layout.ToString()),
                        warnings = first.Warnings.Concat(results.SelectMany(x => x.Warnings)),
                        maps = summary,
                        file = outputPath,
                        raw = rawPath,
                    }));
                }
                else
                    Messages.Wrote(outputPath + (rawPath is null || rawMaps.Count == 0 ? "" : $" and {rawPath}"));
            }
        });
        return command;
    }

    /// <summary>The catalogue names in --method ('all': every method in catalogue order); unknown names fail before any work.</summary>
    private static IReadOnlyList<string> MethodNames(string text)
    {
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return CamMethods.AllNames;
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new CliException("--method needs a method name (or 'all').");
        return names.Select(n => MethodChoice.Known(n, "--method", "cam")).Distinct().ToArray();
    }
}
