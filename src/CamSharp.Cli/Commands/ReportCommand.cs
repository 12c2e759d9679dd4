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
        var image = new Argument<string>("image") { Description = "The image (PNG, JPEG, BMP, PPM)." };
        var model = new Option<string>("--model") { Description = "The ONNX classifier.", Required = true };
        var methods = new Option<string[]>("--methods")
        {
            Description = $"CAM methods, comma-separated or 'all' (default: {string.Join(",", ReportOptions.DefaultMethods)}). Valid: {string.Join(", ", CamMethods.Names)}.",
            AllowMultipleArgumentsPerToken = true,
        };
        var layers = new Option<string[]?>("--target-layers") { Description = "Layers to explain, one column block each (default: the last spatial layer).", AllowMultipleArgumentsPerToken = true };
        var categories = new Option<int[]?>("--target-category") { Description = "Classes to explain (default: the top class).", AllowMultipleArgumentsPerToken = true };
        var topk = new Option<int>("--topk") { Description = "How many top predictions to list.", DefaultValueFactory = _ => 5 };
        var labels = CommonOptions.Labels();
        var colormap = CommonOptions.ColorMap();
        var weight = CommonOptions.InRange(new Option<float>("--image-weight") { Description = "Weight of the image in the overlay.", DefaultValueFactory = _ => 0.5f }, 0f, 1f);
        var maxSide = CommonOptions.InRange(new Option<int>("--max-side") { Description = "Longest side of each picture in the page, in pixels.", DefaultValueFactory = _ => 320 }, 16, 16384);
        var eigen = new Option<bool>("--eigen-smooth") { Description = "Use the first principal component instead of the channel sum." };
        var aug = new Option<bool>("--aug-smooth") { Description = "Average over flips and input scalings (6 runs)." };
        var batch = new Option<int>("--batch-size") { Description = "Images per forward in ScoreCAM/AblationCAM.", DefaultValueFactory = _ => 32 };
        var precise = CommonOptions.Precise();
        var output = new Option<string>("--out") { Description = "The HTML file to write.", DefaultValueFactory = _ => "report.html" };
        var metrics = new Option<string>("--metrics")
        {
            Description = "Faithfulness metrics per map, of the map's own target: confidence, road, deletion, insertion, all or none (deletion/insertion run hundreds of forwards per map).",
            DefaultValueFactory = _ => "confidence,road",
        };
        var input = new InputOptions();
        var command = new Command("report", "One self-contained HTML page: top predictions, maps of several methods × layers × classes, timings, layer tree.")
        {
            image, model, methods, layers, categories, topk, labels, colormap, weight, maxSide, eigen, aug, batch, precise, metrics, output,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            string outPath = OutputFiles.EnsureWritableFile(parsed.GetValue(output)!);
            var chosenMetrics = EvaluateCommand.ParseMetrics(parsed.GetValue(metrics)!);
            var methodNames = MethodNames(parsed.GetValue(methods));
            var colorMap = CommonOptions.ParseColorMap(parsed.GetValue(colormap)!);
            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            var loaded = input.Load(parsed, m, parsed.GetValue(image));
            if (loaded.Image is not { } prepared) throw new CliException("The report draws maps over an image: give an image file, not --input-tensor.");
            // Class indices are checked against the profile before anything runs.
            foreach (int c in parsed.GetValue(categories) ?? [])
                if (c < 0 || m.Profile.Classes is int k && c >= k)
                    throw new CliException($"--target-category {c} is out of range: {m.Source} has {(m.Profile.Classes is int n ? $"{n} classes (0..{n - 1})" : "no negative classes")}.");

            using var progress = new ProgressAdapter();
            var options = new ReportOptions
            {
                Methods = methodNames,
                Layers = parsed.GetValue(layers) is { Length: > 0 } ls ? ls : null,
                Classes = parsed.GetValue(categories) is { Length: > 0 } cs ? cs : null,
                TopK = parsed.GetValue(topk),
                ClassNames = ClassNames.For(m, parsed.GetValue(labels)),
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
                Progress = progress,
                Metrics = chosenMetrics == FaithfulnessMetric.None ? null : MetricsOf(chosenMetrics, parsed.GetValue(batch)),
            };
            var report = ReportBuilder.Build(m, prepared, Path.GetFileName(loaded.Name), options);
            progress.Dispose();
            HtmlReport.Save(report, outPath);
            Console.WriteLine($"wrote {outPath} ({report.Maps.Count} maps, {new FileInfo(outPath).Length / 1024} KiB)");
            return ExitCodes.Ok;
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
            Explain = (model, x) => CamRunner.Run(model, x, model.ResolveLayer(ctx.Layer), CamMethods.Create(ctx.Method), [ctx.Target]).Maps,
        };
        return Faithfulness.Evaluate(input, options)[0].Values.ToDictionary(kv => kv.Key, kv => kv.Value);
    };

    /// <summary>--methods as a list: tokens split at commas; 'all' is every map method; none gives the defaults.</summary>
    private static IReadOnlyList<string> MethodNames(string[]? given)
    {
        var names = (given ?? []).SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        if (given is { Length: > 0 } && names.Length == 0) throw new CliException($"--methods names no method: '{string.Join(" ", given)}'.");
        if (names.Length == 0) return ReportOptions.DefaultMethods;
        return names.Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase)) ? CamMethods.AllNames.ToArray() : names;
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
