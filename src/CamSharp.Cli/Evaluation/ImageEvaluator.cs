using System.Diagnostics;
using CamSharp.Cli.Commands;
using CamSharp.Detection;
using CamSharp.Detection.Targets;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Metrics;
using CamSharp.Explain.Targets;

namespace CamSharp.Cli.Evaluation;

/// <summary>How <c>evaluate</c> treats a detector: post-processing thresholds, head layout and box target.</summary>
internal sealed record DetectorSettings(DetectionOptions Thresholds, HeadKind? Head, bool ScoreTarget);

/// <summary>
/// Every method on one image, then the metrics of each map. A classifier explains the labelled
/// (or top) class with its raw logit, as pytorch-grad-cam does, and the metrics follow the
/// class's softmax probability (or the logit); a detector explains its kept boxes with a box
/// target, which is also the confidence the metrics follow.
/// </summary>
internal sealed class ImageEvaluator(Model model, IReadOnlyList<MethodInfo> methods, IReadOnlyList<string>? layerNames,
    CamOptions camOptions, FaithfulnessOptions metrics, bool softmax, DetectorSettings? detector, double tolerance)
{
    public IEnumerable<EvaluationRow> Evaluate(LoadedInput loaded, string name, int? label, IReadOnlyList<GroundTruthBoxes.Box>? boxes)
    {
        var tensor = loaded.Tensor;
        if (tensor.Shape[0] != 1) throw new CliException($"{name}: evaluate takes one image per input; the tensor has a batch of {tensor.Shape[0]}.");
        var (camTarget, metricTarget, description, cls) = detector is null ? ClassTargets(tensor, label) : BoxTarget(loaded, detector);
        var pointingBoxes = boxes?.Where(b => detector is not null || b.Class is null || b.Class == cls)
            .Select(b => (b.X0, b.Y0, b.X1, b.Y1)).ToArray();

        var rows = new List<EvaluationRow>();
        foreach (var method in methods)
        {
            var (layers, reshape) = LayersFor(method, tensor);
            var clock = Stopwatch.StartNew();
            var map = MethodMaps.Explain(model, tensor, layers, method.Name, [camTarget], camOptions, reshape)[0];
            double camSeconds = clock.Elapsed.TotalSeconds;

            clock.Restart();
            var explain = metrics with { Explain = (m, x) => MethodMaps.Explain(m, x, layers, method.Name, [camTarget], camOptions, reshape) };
            var scores = Faithfulness.Evaluate(new MetricInput(model, tensor, [map], [metricTarget], camOptions.BatchSize ?? 32), explain)[0];
            double metricSeconds = clock.Elapsed.TotalSeconds;

            PointingResult? pointing = null;
            if (pointingBoxes is { Length: > 0 })
            {
                var (x, y) = PointingGame.MaxPoint(map, tensor.Shape[3]);
                var (sx, sy) = loaded.Image?.Geometry.PointToSource(x, y) ?? (x, y);
                pointing = new PointingResult(PointingGame.Hit(sx, sy, pointingBoxes, tolerance), sx, sy);
            }
            rows.Add(new EvaluationRow(name, method.Name, description, scores, pointing, camSeconds, metricSeconds));
        }
        return rows;
    }

    private (OutputTarget Cam, OutputTarget Metric, string Description, int? Class) ClassTargets(CamSharp.Tensors.Tensor tensor, int? label)
    {
        int cls = label ?? TopClasses.Compute(model.Run(tensor)[0], 1)[0].Index;
        var camTarget = new ClassTarget(cls);
        return (camTarget, softmax ? new SoftmaxTarget(cls) : camTarget, $"class {cls}", cls);
    }

    private (OutputTarget Cam, OutputTarget Metric, string Description, int? Class) BoxTarget(LoadedInput loaded, DetectorSettings settings)
    {
        var head = DetectCommand.Recognise(model, loaded.Tensor.Shape[2], loaded.Tensor.Shape[3], settings.Head);
        var found = Detector.Detect(head, model.Run(loaded.Tensor), loaded.Image?.Geometry, settings.Thresholds);
        if (found.Count == 0)
            throw new CliException($"no boxes scored above --score-thr {settings.Thresholds.ScoreThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture)}: nothing to explain.");
        OutputTarget target = settings.ScoreTarget ? new BoxScoreTarget(head, found) : new BoxMatchTarget(head, found);
        return (target, target, $"{found.Count} box{(found.Count == 1 ? "" : "es")} ({(settings.ScoreTarget ? "score" : "match")})", null);
    }

    /// <summary>
    /// A classifier's layers and their reading as <c>cam</c> chooses them for the method (the
    /// profile's layer, a ViT's tokens); a detector's given layers, else its head's inputs.
    /// </summary>
    private (IReadOnlyList<string> Values, ActivationReshape? Reshape) LayersFor(MethodInfo method, CamSharp.Tensors.Tensor tensor)
    {
        if (detector is null)
        {
            var explainer = new CamSharp.Application.Explainer(model, new CamSharp.Application.ExplainerOptions
            {
                Method = method.Name,
                Layers = layerNames,
                Cam = camOptions,
                InputSize = (tensor.Shape[2], tensor.Shape[3]),
            });
            return (explainer.Layers.SelectMany(l => l.Values).Distinct().ToArray(), explainer.Reshape);
        }
        if (method.WholeNetwork) return ([], null);
        if (layerNames is { Count: > 0 }) return (layerNames.SelectMany(model.ResolveLayer).Distinct().ToArray(), null);
        return (model.Profile.CamLayer?.Values.ToArray()
               ?? throw new CliException("No layer to explain could be chosen from this model: give --target-layers (see 'camsharp layers')."), null);
    }
}
