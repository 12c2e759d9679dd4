using System.CommandLine;
using CamSharp.Explain;
using CamSharp.Explain.Metrics;
using CamSharp.Reports;

namespace CamSharp.Cli.Commands;

/// <summary>
/// <c>camsharp report</c>: one self-contained HTML page with the top predictions and every
/// method × layer × class map side by side, with timings and the model's layer tree.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var images = new Argument<string[]>("images") { Description = "Image files or folders of images (PNG, JPEG, BMP, PPM); one page each.", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string>("--model") { Description = "The ONNX classifier.", Required = true };
        var methods = new Option<string[]>("--methods")
        {
            Description = $"CAM methods, comma-separated or 'all' (default: {string.Join(",", ReportOptions.DefaultMethods)}). Valid: {string.Join(", ", CamMethods.MapNames)}.",
            AllowMultipleArgumentsPerToken = true,
        };
        var layers = new Option<string[]?>("--target-layers") { Description = "Layers to explain, one column block each (default: the last spatial layer).", AllowMultipleArgumentsPerToken = true };
        var categories = new Option<string[]?>("--target-category") { Description = "Classes to explain, by index or name (default: the top class).", AllowMultipleArgumentsPerToken = true };
        var topk = new Option<int>("--topk") { Description = "How many top predictions to list.", DefaultValueFactory = _ => 5 };
        var labels = CommonOptions.Labels();
        var colormap = CommonOptions.ColorMap();
        var weight = CommonOptions.InRange(new Option<float>("--image-weight") { Description = "Weight of the image in the overlay.", DefaultValueFactory = _ => 0.5f }, 0f, 1f);
        var maxSide = CommonOptions.InRange(new Option<int>("--max-side") { Description = "Longest side of each picture in the page, in pixels.", DefaultValueFactory = _ => 320 }, 16, 16384);
        var eigen = new Option<bool>("--eigen-smooth") { Description = "Use the first principal component instead of the channel sum." };
        var aug = new Option<bool>("--aug-smooth") { Description = "Average over flips and input scalings (6 runs)." };
        var batch = new Option<int>("--batch-size") { Description = "Images per forward in ScoreCAM/AblationCAM.", DefaultValueFactory = _ => 32 };
        var precise = CommonOptions.Precise();
        var output = new Option<string?>("--out-file", "--out") { Description = $"The HTML file, for one image (default: {OutputPlan.DefaultFolder("report")}/<image name>.html)." };
        var outDir = new Option<string?>("--out-dir") { Description = $"Folder for one page per image, subfolders mirrored (several images or a folder; default {OutputPlan.DefaultFolder("report")})." };
        var metrics = new Option<string>("--metrics")
        {
            Description = "Faithfulness metrics per map, of the map's own target: confidence, road, deletion, insertion, all or none (default none: confidence,road take the README's report from about 5 s to 80 s; deletion/insertion run hundreds of forwards per map).",
            DefaultValueFactory = _ => "none",
        };
        var input = new InputOptions();
        var command = new Command("report", "One self-contained HTML page: top predictions, maps of several methods × layers × classes, timings, layer tree.")
        {
            images, model, methods, layers, categories, topk, labels, colormap, weight, maxSide, eigen, aug, batch, precise, metrics, output, outDir,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(input.InputTensor) is not null) throw new CliException("The report draws maps over an image: give an image file, not --input-tensor.");
            var arguments = parsed.GetValue(images) ?? [];
            var sources = InputFiles.List(arguments, null);
            var plan = OutputPlan.ForFiles("report", arguments, sources, parsed.GetValue(output), parsed.GetValue(outDir), IgnoredOptions.Spelled(parsed, output), ".html", "page");
            var chosenMetrics = EvaluateCommand.ParseMetrics(parsed.GetValue(metrics)!);
            var methodNames = MethodNames(parsed.GetValue(methods));
            var colorMap = CommonOptions.ParseColorMap(parsed.GetValue(colormap)!);
            var m = input.LoadModel(parsed, parsed.GetValue(model)!);

            var classNames = ClassNames.For(m, parsed.GetValue(labels));
            var classes = TargetCategories.Indices(parsed.GetValue(categories), m.Profile with { ClassNames = classNames });
            IgnoredOptions.WarnIf(parsed, !methodNames.Any(IgnoredOptions.Batches), batch, "none of --methods runs batches of masked inputs (scorecam, ablationcam, reciprocam, …).");
            var options = new ReportOptions
            {
                Methods = methodNames,
                Layers = parsed.GetValue(layers) is { Length: > 0 } ls ? ls : null,
                Classes = classes,
                TopK = parsed.GetValue(topk),
                ClassNames = classNames,
                ColorMap = colorMap,
                ImageWeight = parsed.GetValue(weight),
                MaxImageSide = parsed.GetValue(maxSide),
                Cam = new CamOptions
                {
                    EigenSmooth = parsed.GetValue(eigen),
                    AugSmooth = parsed.GetValue(aug),
                    BatchSize = Math.Max(1, parsed.GetValue(batch)),
                    Precise = parsed.GetValue(precise),
                },
                Metrics = chosenMetrics == FaithfulnessMetric.None ? null : MetricsOf(chosenMetrics, parsed.GetValue(batch)),
            };
            // One image: its maps are the progress; several: the images are (one bar at a time).
            bool several = OutputPlan.Several(sources);
            return InputBatch.Run(sources, 1, parsed.GetValue(CommonOptions.Verbose), source =>
            {
                string outPath = plan.PathFor(source);
                var prepared = input.Load(parsed, m, source.Path).Image!;
                using var progress = several ? null : new ProgressAdapter();
                var report = ReportBuilder.Build(m, prepared, Path.GetFileName(source.Path), options with { Progress = progress });
                progress?.Dispose();
                HtmlReport.Save(report, outPath);
                Messages.Wrote(outPath, $"{report.Maps.Count} maps, {new FileInfo(outPath).Length / 1024} KiB");
            }, plan.Folder);
        });
        return command;
    }

    /// <summary>Each map's faithfulness scores, by the names evaluate's CSV uses.</summary>
    private static MapMetrics MetricsOf(FaithfulnessMetric which, int batch) => ctx =>
    {
        var input = new MetricInput(ctx.Model, ctx.Input, [ctx.Map], [ctx.Target], Math.Max(1, batch));
        var options = new FaithfulnessOptions
        {
            Metrics = which,
            // ARCC and MPRT re-run the map's method on its layer.
            Explain = (model, x) => MethodMaps.Explain(model, x, model.ResolveLayer(ctx.Layer), ctx.Method, [ctx.Target]),
        };
        return Faithfulness.Evaluate(input, options)[0].Values.ToDictionary(kv => kv.Key, kv => kv.Value);
    };

    /// <summary>--methods as a list: tokens split at commas; 'all' is every map method; none gives the defaults.</summary>
    private static IReadOnlyList<string> MethodNames(string[]? given)
    {
        var names = (given ?? []).SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        if (given is { Length: > 0 } && names.Length == 0) throw new CliException($"--methods names no method: '{string.Join(" ", given)}'.");
        if (names.Length == 0) return ReportOptions.DefaultMethods;
        return names.Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase)) ? CamMethods.AllNames.ToArray()
            : names.Select(n => MethodChoice.Known(n, "--methods", "report")).Distinct().ToArray();
    }

    /// <summary>Draws the library's progress as the CLI's progress line (quiet when stderr is redirected).</summary>
    private sealed class ProgressAdapter : IProgress<ReportProgress>, IDisposable
    {
        private ProgressLine? _line;

        public void Report(ReportProgress value)
        {
            _line ??= new ProgressLine(value.Total);
            _line.Report(value.Done, value.Item);
        }

        public void Dispose()
        {
            _line?.Dispose();
            _line = null;
        }
    }
}
