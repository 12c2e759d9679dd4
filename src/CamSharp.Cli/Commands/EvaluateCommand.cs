using System.CommandLine;
using System.Globalization;
using CamSharp.Cli.Evaluation;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Metrics;

namespace CamSharp.Cli.Commands;

/// <summary>
/// <c>camsharp evaluate DIR --model M --methods gradcam,scorecam</c>: every method on every image,
/// the faithfulness metrics of each map, and each method's means; CSV and JSON out. An image that
/// fails is listed at the end with its reason (exit code 1); the others are still evaluated.
/// </summary>
internal static class EvaluateCommand
{
    private static readonly Dictionary<string, FaithfulnessMetric> MetricNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["confidence"] = FaithfulnessMetric.ConfidenceChange,
        ["road"] = FaithfulnessMetric.Road,
        ["deletion"] = FaithfulnessMetric.Deletion,
        ["insertion"] = FaithfulnessMetric.Insertion,
        ["arcc"] = FaithfulnessMetric.Arcc,
        ["mprt"] = FaithfulnessMetric.Mprt,
        ["all"] = FaithfulnessMetric.All,
    };

    public static Command Create()
    {
        var images = new Argument<string[]>("images") { Description = "Image files or folders of images (searched recursively).", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string>("--model", "-m") { Description = "The ONNX model file (a classifier, or a YOLO-family detector).", Required = true };
        var methods = new Option<string>("--methods") { Description = "CAM methods, comma-separated, or 'all'.", DefaultValueFactory = _ => "gradcam" };
        var layers = new Option<string[]?>("--target-layers") { Description = "Layers to explain (default: the last spatial layer; for detectors the head's inputs).", AllowMultipleArgumentsPerToken = true };
        var labels = new Option<string?>("--labels")
        {
            Description = "CSV of 'filename,class' lines: the class to explain per image (an index or a class name; filename relative to the folder, or the bare file name; optional header). Default: each image's top class.",
        };
        var boxes = new Option<string?>("--boxes")
        {
            Description = "JSON object mapping image names to boxes for the pointing game: [x0, y0, x1, y1] or {\"box\": [...], \"class\": k}, original-image pixels, x1/y1 exclusive.",
        };
        var output = new Option<string>("--out", "-o", "--out-file") { Description = "The results table (CSV); the JSON is written beside it with the extension .json.", DefaultValueFactory = _ => Path.Combine(OutputPlan.DefaultFolder("evaluate"), "evaluate.csv") };
        var metrics = new Option<string>("--metrics") { Description = "Metrics, comma-separated: confidence, road, deletion, insertion or all; arcc, mprt (re-run the method) (the pointing game runs when --boxes is given).", DefaultValueFactory = _ => "all" };
        var confidence = new Option<string>("--confidence") { Description = "What the metrics follow for a classifier: softmax (the class probability) or logit.", DefaultValueFactory = _ => "softmax" };
        var percentiles = new Option<double[]?>("--percentiles") { Description = "ROAD percentiles (default 10 20 … 90).", AllowMultipleArgumentsPerToken = true };
        var step = new Option<int?>("--step") { Description = "Pixels per deletion/insertion step (default: the input width)." };
        var noise = new Option<double>("--noise") { Description = "ROAD imputer noise (standard deviation).", DefaultValueFactory = _ => 0.01 };
        var seed = new Option<int>("--seed") { Description = "Seed of the ROAD imputer noise.", DefaultValueFactory = _ => 0 };
        var tolerance = new Option<double>("--tolerance") { Description = "Pointing game: pixels the map's maximum may lie outside a box.", DefaultValueFactory = _ => PointingGame.DefaultTolerance };
        var batch = new Option<int>("--batch-size") { Description = "Images per forward pass (perturbed copies, ScoreCAM, AblationCAM).", DefaultValueFactory = _ => 32 };
        var head = new Option<string?>("--head") { Description = $"Detector output layout: {string.Join(", ", Detection.HeadKinds.Names)} (implies a detector; default: recognised)." };
        var scoreThr = new Option<float>("--score-thr") { Description = "Detector: boxes scoring above this are explained.", DefaultValueFactory = _ => 0.3f };
        var iouThr = new Option<float>("--iou-thr") { Description = "Detector: NMS IoU threshold.", DefaultValueFactory = _ => 0.45f };
        var topk = new Option<int>("--topk") { Description = "Detector: explain at most this many boxes (-1 = all).", DefaultValueFactory = _ => -1 };
        var precise = CommonOptions.Precise();
        var boxTarget = new Option<string>("--box-target") { Description = "Detector target: match (IoU + score of the best-matching prediction) or score (each box's raw score).", DefaultValueFactory = _ => "match" };
        var input = new InputOptions();
        var command = new Command("evaluate", "Faithfulness metrics (confidence change, ROAD, deletion/insertion AUC, pointing game) of CAM methods over a folder of images.")
        {
            images, model, methods, layers, labels, boxes, output, metrics, confidence, percentiles, step, noise, seed, tolerance, batch, precise, head, scoreThr, iouThr, topk, boxTarget,
        };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            string csvPath = OutputFiles.EnsureWritableFile(parsed.GetValue(output)!);
            string jsonPath = Path.ChangeExtension(csvPath, ".json");
            if (string.Equals(Path.GetFullPath(csvPath), Path.GetFullPath(jsonPath), StringComparison.Ordinal))
                throw new CliException($"--out {csvPath}: give a .csv file name; the JSON goes beside it as .json.");
            var arguments = parsed.GetValue(images) ?? [];
            var sources = InputFiles.List(arguments, parsed.GetValue(input.InputTensor));
            var faithfulness = new FaithfulnessOptions
            {
                Metrics = ParseMetrics(parsed.GetValue(metrics)!),
                Step = parsed.GetValue(step) is { } s ? (s >= 1 ? s : throw new CliException($"--step must be at least 1; got {s}.")) : null,
                Road = new RoadOptions
                {
                    Percentiles = ParsePercentiles(parsed.GetValue(percentiles)),
                    Imputer = new NoisyLinearImputer { Noise = parsed.GetValue(noise) is var n && n is >= 0 and <= 1e6 ? n : throw new CliException($"--noise must be in 0..1e6; got {n}.") },
                    Seed = parsed.GetValue(seed),
                },
            };
            double pointTolerance = parsed.GetValue(tolerance) is var t && t >= 0 ? t : throw new CliException($"--tolerance must be ≥ 0; got {t}.");
            int batchSize = parsed.GetValue(batch) is var bs && bs >= 1 ? bs : throw new CliException($"--batch-size must be at least 1; got {bs}.");
            bool softmax = parsed.GetValue(confidence)!.ToLowerInvariant() switch
            {
                "softmax" => true,
                "logit" => false,
                var other => throw new CliException($"--confidence must be 'softmax' or 'logit'; got '{other}'."),
            };
            bool scoreTarget = parsed.GetValue(boxTarget)!.ToLowerInvariant() switch
            {
                "score" => true,
                "match" => false,
                var other => throw new CliException($"--box-target must be 'match' or 'score'; got '{other}'."),
            };

            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            DetectorSettings? detector = parsed.GetValue(head) is not null || !LooksLikeClassifier(m, input, parsed)
                ? new DetectorSettings(DetectCommand.Thresholds(parsed.GetValue(scoreThr), parsed.GetValue(iouThr), parsed.GetValue(topk)),
                    parsed.GetValue(head) is { } h ? DetectCommand.ParseHead(h) : null, scoreTarget)
                : null;
            var camMethods = ParseMethods(parsed.GetValue(methods)!, detector is not null);
            EvaluateOptionChecks.Warn(parsed, faithfulness.Metrics, detector is not null, parsed.GetValue(boxes) is not null, percentiles, noise, seed, step, tolerance, confidence, [head, scoreThr, iouThr, topk, boxTarget]);
            var truth = parsed.GetValue(labels) is { } l ? GroundTruthLabels.Load(l, m.Profile.ClassNames) : null;
            if (truth is not null && detector is not null) throw new CliException("--labels names classes for a classifier; a detector explains the boxes it finds.");
            var truthBoxes = parsed.GetValue(boxes) is { } b ? GroundTruthBoxes.Load(b) : null;

            var camOptions = new CamOptions { BatchSize = batchSize, Precise = parsed.GetValue(precise) };
            var evaluator = new ImageEvaluator(m, camMethods, parsed.GetValue(layers), camOptions, faithfulness, softmax, detector, pointTolerance);
            var results = new EvaluationResults(SelectedNames(faithfulness.Metrics), truthBoxes is not null);
            using (var progress = new ProgressLine(sources.Count))
                for (int i = 0; i < sources.Count; i++)
                {
                    var source = sources[i];
                    var keys = ImageKeys.For(source.Path, arguments);
                    try
                    {
                        int? label = truth is null ? null : truth.ClassOf(keys) ?? throw new CliException($"not listed in --labels {parsed.GetValue(labels)}.");
                        var loaded = input.Load(parsed, m, source.IsTensor ? null : source.Path);
                        results.Rows.AddRange(evaluator.Evaluate(loaded, keys.Relative, label, truthBoxes?.For(keys)));
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        results.Failures.Add((keys.Relative, CliErrors.Describe(e)));
                    }
                    progress.Report(i + 1, source.Path);
                }

            if (results.Rows.Count == 0)
            {
                // One input: its failure is the command's, as every command reports it; several: listed as InputBatch lists them.
                if (results.Failures.Count == 1) throw new CliException(Named(results.Failures[0]));
                ListFailures(results.Failures, sources.Count, "; nothing written");
                return ExitCodes.Error;
            }
            OutputFiles.WriteText(csvPath, results.ToCsv());
            OutputFiles.WriteText(jsonPath, results.ToJson(m.Source));
            PrintSummary(results);
            Console.WriteLine($"wrote {csvPath} and {jsonPath} ({results.Rows.Select(r => r.Image).Distinct().Count()} images × {camMethods.Count} methods)");
            if (results.Failures.Count == 0) return ExitCodes.Ok;
            ListFailures(results.Failures, sources.Count, "");
            return ExitCodes.SomeFailed;
        });
        return command;
    }

    /// <summary>A failure as one message that names its image (most reasons already start with it).</summary>
    private static string Named((string Image, string Reason) failure) =>
        failure.Reason.Contains(failure.Image, StringComparison.Ordinal) ? failure.Reason : $"{failure.Image}: {failure.Reason}";

    private static void ListFailures(IReadOnlyList<(string Image, string Reason)> failures, int inputs, string tail)
    {
        Console.Error.WriteLine($"error: {failures.Count} of {inputs} inputs failed{tail}:");
        foreach (var failure in failures) Console.Error.WriteLine($"  {CliErrors.Compact(Named(failure))}");
    }

    /// <summary>The means table on stdout: one line per method.</summary>
    private static void PrintSummary(EvaluationResults results)
    {
        var columns = results.ValueColumns;
        Console.WriteLine(string.Join("  ", new[] { $"{"method",-20}", $"{"images",6}" }.Concat(columns.Select(c => $"{c,14}"))));
        foreach (var (method, means, count) in results.Summary())
            Console.WriteLine(string.Join("  ", new[] { $"{method,-20}", $"{count,6}" }
                .Concat(means.Select(v => $"{(double.IsFinite(v) ? v.ToString("G5", CultureInfo.InvariantCulture) : "-"),14}"))));
    }

    /// <summary>Whether the model's first output is [N, C] (or [N, C, 1, 1]) on a probe input of its size.</summary>
    private static bool LooksLikeClassifier(Model model, InputOptions input, ParseResult parsed)
    {
        var (h, w) = model.StaticInputSize
            ?? (parsed.GetValue(input.InputSize) is { Length: 2 } s ? (s[0], s[1]) : model.Onnx.ImageSize is { Length: 2 } m ? (m[0], m[1]) : (224, 224));
        int channels = model.Input.Shape is { Length: 4 } shape && shape[1] > 0 ? shape[1] : 3;
        using var probe = Tensors.Tensor.Zeros(1, channels, h, w);
        return TopClasses.LooksLikeClassifier(model.Run(probe)[0]);
    }

    private static IReadOnlyList<MethodInfo> ParseMethods(string text, bool detector)
    {
        var names = text.Equals("all", StringComparison.OrdinalIgnoreCase)
            ? (detector ? BoxamCommand.Methods : CamMethods.AllNames.ToArray())
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new CliException("--methods lists no method.");
        return names.Select(name =>
        {
            if (detector && !BoxamCommand.Methods.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new CliException($"--methods: '{name}' does not work with box targets; for a detector use {string.Join(", ", BoxamCommand.Methods)}.");
            var info = CamMethods.Info(MethodChoice.Known(name, "--methods", "evaluate"));
            if (!detector && info.NeedsBoxTargets)
                throw new CliException($"--methods: '{info.Name}' explains a detector's boxes; this model is evaluated as a classifier.");
            // Class maps and input attributions give [0, 1] maps; guided backprop and DFF do not.
            return info.GivesMap ? info
                : throw new CliException($"--methods: '{info.Name}' gives {CamMethods.Describe(info.Output)}; evaluate measures [0, 1] maps: {string.Join(", ", CamMethods.MapNames)}.");
        }).ToArray();
    }

    /// <summary>A comma-separated --metrics value (shared with report, where 'none' is also accepted).</summary>
    internal static FaithfulnessMetric ParseMetrics(string text)
    {
        var result = FaithfulnessMetric.None;
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return result;
        if (text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length == 0)
            throw new CliException($"--metrics names no metric: '{text}' (give 'none' for none).");
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            result |= MetricNames.TryGetValue(name, out var m) ? m
                : throw new CliException($"--metrics: unknown metric '{name}'; use {string.Join(", ", MetricNames.Keys)} (the pointing game runs when --boxes is given).");
        return result;
    }

    private static double[] ParsePercentiles(double[]? given)
    {
        if (given is not { Length: > 0 }) return [.. new RoadOptions().Percentiles];
        foreach (double p in given)
            if (!(p > 0 && p <= 100)) throw new CliException($"--percentiles: {p.ToString(CultureInfo.InvariantCulture)} is not in (0, 100].");
        return given;
    }

    private static string[] SelectedNames(FaithfulnessMetric metrics) =>
        Faithfulness.Names.Where(kv => metrics.HasFlag(kv.Key)).SelectMany(kv => kv.Value).ToArray();
}
