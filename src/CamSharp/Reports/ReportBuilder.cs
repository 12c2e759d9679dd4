using System.Diagnostics;
using CamSharp.Application;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Onnx;
using CamSharp.Tensors;

namespace CamSharp.Reports;

/// <summary>
/// Computes what an HTML report shows for one classifier and one image: the top predictions
/// and a map for every class × layer × method, each timed on its own and drawn over the
/// original image.
/// </summary>
public static class ReportBuilder
{
    public static ExplanationReport Build(Model model, PreparedInput input, string imageName, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        options ??= new ReportOptions();
        if (options.Methods.Count == 0) throw new InputException("The report needs at least one CAM method.");
        if (options.ImageWeight is < 0 or > 1) throw new InputException($"The image weight must be in [0, 1], got {options.ImageWeight}.") { Parameter = nameof(ReportOptions.ImageWeight) };
        if (options.MaxImageSide < 16) throw new InputException($"The largest picture side must be at least 16 pixels, got {options.MaxImageSide}.") { Parameter = nameof(ReportOptions.MaxImageSide) };
        var total = Stopwatch.StartNew();

        var tensor = input.Tensor;
        var plan = model.Session.GetPlan(tensor.Shape);
        var probabilities = Probabilities(model, tensor);
        var classNames = options.ClassNames ?? model.Profile.ClassNames;
        string Name(int c) => classNames is { } names && c < names.Count ? names[c] : $"class {c}";
        ReportClass Class(int c) => new(c, Name(c), probabilities[c]);

        var predictions = probabilities.Select((p, i) => (p, i)).OrderByDescending(x => x.p).ThenBy(x => x.i)
            .Take(Math.Max(options.TopK, 1)).Select(x => Class(x.i)).ToArray();
        var classes = (options.Classes ?? [predictions[0].Index]).Distinct().Select(c => c >= 0 && c < probabilities.Length ? Class(c)
            : throw new InputException($"Target category {c} is out of range: {model.Source} has {probabilities.Length} classes (0..{probabilities.Length - 1}).") { Parameter = nameof(ReportOptions.Classes) }).ToArray();
        var layerNames = options.Layers is { Count: > 0 } given ? given.Distinct().ToArray()
            : [model.Profile.CamLayer?.Name ?? throw new InputException($"{model.Source}: no layer to explain could be chosen from the graph; name one.")];
        var layers = layerNames.Select(l => new ReportLayer(l, model.ResolveLayer(l))).ToArray();
        var methods = options.Methods.Select(m => m.ToLowerInvariant()).Distinct().ToArray();
        foreach (var m in methods) CheckMethod(m);

        // One untimed run first, so the first method's time does not include JIT compilation and buffer warm-up.
        Explainer(model, layers[0], "gradcam", options with { Cam = options.Cam with { AugSmooth = false } }).Explain(tensor, [ExplainTarget.OfClass(classes[0].Index)]);

        var maps = new List<ReportMap>();
        int count = classes.Length * layers.Length * methods.Length;
        foreach (var cls in classes)
            foreach (var layer in layers)
                foreach (var method in methods)
                {
                    maps.Add(OneMap(model, input, cls.Index, layer, method, options));
                    options.Progress?.Report(new ReportProgress(maps.Count, count, $"{method} on {layer.Name} for {cls.Name}"));
                }

        var modelInfo = new ReportModel(Path.GetFileName(model.Source), Describe(model),
            LayerTreeFormatter.Lines(model.Modules, plan.TryShapeOf));
        var inputInfo = new ReportInput(imageName, Shrink(input.Original, options.MaxImageSide), input.NetworkImage,
            input.Options.ToString(), DescribeGeometry(input.Geometry));
        return new ExplanationReport(modelInfo, inputInfo, predictions, classes, layers, methods, maps, total.Elapsed);
    }

    /// <summary>One method on one layer for one class, timed alone; the overlay is drawn after the clock stops.</summary>
    private static ReportMap OneMap(Model model, PreparedInput input, int classIndex, ReportLayer layer, string method, ReportOptions options)
    {
        var target = new ClassTarget(classIndex);
        var explainer = Explainer(model, layer, method, options);
        var clock = Stopwatch.StartNew();
        var shown = explainer.Explain(input.Tensor, [ExplainTarget.OfClass(classIndex)]).Maps[0];
        var elapsed = clock.Elapsed;

        var map = shown.AtInput!;
        var metrics = options.Metrics?.Invoke(new MapMetricsContext(model, input.Tensor, target, map.Data, map.Height, map.Width, method, layer.Name))
            ?? new Dictionary<string, double>();
        var overlay = HeatmapOverlay.ShowCamOnImage(input.Original, input.Geometry.MapToSource(map), options.ColorMap, options.ImageWeight);
        return new ReportMap(method, layer.Name, classIndex, Shrink(overlay, options.MaxImageSide), (float)shown.Score, elapsed, metrics);
    }

    private static Explainer Explainer(Model model, ReportLayer layer, string method, ReportOptions options) =>
        new(model, new ExplainerOptions { Method = method, Layers = [layer.Name], Cam = options.Cam, ClassNames = options.ClassNames });

    /// <summary>The report draws [0, 1] maps only (class maps, input attributions as drawn); the guided gradient images and DFF concepts have their own views in <c>cam</c>.</summary>
    private static void CheckMethod(string name)
    {
        var info = CamMethods.Info(name);
        if (!info.GivesMap)
            throw new InputException($"The report shows one [0, 1] map per method; '{name}' is not one (it gives {CamMethods.Describe(info.Output)}). Methods: {string.Join(", ", CamMethods.MapNames)}.");
    }

    /// <summary>Every class's probability for the input (softmax unless the output already sums to 1).</summary>
    private static float[] Probabilities(Model model, Tensor tensor)
    {
        if (model.Profile.Kind is not (Application.ModelKind.Classifier or Application.ModelKind.Other))
            throw new InputException($"{model.Source} is a {Application.ModelProfileFormatter.Kind(model.Profile.Kind)} ({model.Profile.KindReason}); the report explains classifiers (a detector's boxes are explained by boxam).");
        var outputs = model.Run(tensor);
        try
        {
            if (!TopClasses.LooksLikeClassifier(outputs[0]))
                throw new InputException($"{model.Source}: the first output is [{ShapeUtil.Format(outputs[0].Shape)}], not a classifier's [N, classes]; the report explains classifiers (for detectors use 'camsharp boxam').");
            var ranked = TopClasses.Compute(outputs[0], int.MaxValue);
            var p = new float[ranked.Length];
            foreach (var e in ranked) p[e.Index] = e.Probability;
            return p;
        }
        finally
        {
            foreach (var o in outputs) o.Dispose();
        }
    }

    private static string Describe(Model model) =>
        $"opset {model.Onnx.Opset}, {model.Onnx.Nodes.Count} nodes; input {model.Input}; output {string.Join("; ", model.Onnx.Outputs)}";

    private static string DescribeGeometry(InputGeometry g) =>
        $"{g.SourceWidth}×{g.SourceHeight} image → {g.InputWidth}×{g.InputHeight} input, "
        + (g.Letterbox is not null ? "letterboxed (aspect ratio kept, padded)"
            : g.Crop is { } c ? $"resized to {c.ResizedWidth}×{c.ResizedHeight} and centre-cropped (the borders were not seen)"
            : "resized (aspect ratio not kept)");

    /// <summary>The picture with its longer side at most <paramref name="maxSide"/> (area averaging), or itself.</summary>
    private static RgbImage Shrink(RgbImage image, int maxSide)
    {
        int longer = Math.Max(image.Width, image.Height);
        if (longer <= maxSide) return image;
        double scale = (double)maxSide / longer;
        return ImageResize.Resize(image, Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale)), Interpolation.Area);
    }
}
