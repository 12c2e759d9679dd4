using CamSharp.Detection;
using CamSharp.Detection.Heads;
using CamSharp.Engine;
using CamSharp.Imaging.Preprocessing;

namespace CamSharp.Application;

/// <summary>
/// Builds a <see cref="ModelProfile"/> from the graph at one planned input size: the kind
/// from the outputs, the preprocessing from metadata and exporters' conventions, class names
/// from metadata or the bundled lists, and default layers by kind (<see cref="DefaultLayers"/>).
/// </summary>
internal static class ModelProfiler
{
    private const int UsualClassifierSize = 224;

    public static ModelProfile Build(Model model)
    {
        var size = ProbeSize(model);
        Plan plan;
        try
        {
            plan = model.Session.GetPlan(ProbeShape(model, size));
        }
        catch (Exception e) when (e is ModelException or InputException or ResourceLimitException)
        {
            return Unplanned(model, size, e.Message);
        }
        var g = new GraphFacts(model, plan);
        var warnings = new List<string>();
        var (kind, reason, classes, head) = Recognise(g, size);
        var (preprocess, preprocessReason) = ChoosePreprocess(model, head, g);
        var (names, namesSource) = ChooseNames(model, kind, classes);

        LayerChoice? camLayer = kind switch
        {
            ModelKind.Detector => DefaultLayers.HeadInputs(g),
            ModelKind.SemanticSegmenter => DefaultLayers.Backbone(g),
            ModelKind.Classifier or ModelKind.Embedder =>
                DefaultLayers.BeforePooling(g, model.Graph.OutputNames[0], classes ?? -1) ?? DefaultLayers.LastBlockNorm(g) ?? DefaultLayers.LastSpatial(g),
            _ => DefaultLayers.LastSpatial(g),
        };
        if (ReferenceEquals(preprocess, PreprocessOptions.Kinetics) && VideoInput.Of(model) is { } video)
            (preprocess, preprocessReason) = VideoPreprocess.For(video, camLayer); // the architecture's own resize, known once its layers are
        if (camLayer is null) warnings.Add("No layer to explain could be chosen from the graph; name one (see the layer list).");
        else if (camLayer.Layout == FeatureLayout.Tokens && camLayer.TokenGrid is null)
            warnings.Add($"Layer '{camLayer.Name}' holds tokens that form no grid CamSharp can see; give the grid to explain it.");

        var featureLayers = UltralyticsGroups.Resolve(model, "backbone") is not null || model.Modules.Find("backbone") is not null
            ? (IReadOnlyList<string>)["backbone"]
            : camLayer is null ? []
            : camLayer.Values.Count > 1 ? camLayer.Values   // several head inputs: each by its value name (the choice's name lists them all)
            : [camLayer.Name];
        return new ModelProfile
        {
            Kind = kind,
            KindReason = reason,
            InputSize = size,
            FixedInputSize = model.StaticInputSize is not null,
            Video = VideoInput.Of(model),
            Preprocess = preprocess,
            PreprocessReason = preprocessReason,
            Classes = classes,
            ClassNames = names,
            ClassNamesSource = namesSource,
            Head = head?.Kind,
            CamLayer = camLayer,
            FeatureLayers = featureLayers,
            DefaultTarget = kind switch
            {
                ModelKind.Classifier => "the top class",
                ModelKind.SemanticSegmenter => "the top class over the pixels where it wins",
                ModelKind.Embedder => "the embedding's norm",
                ModelKind.Detector => "the detected boxes",
                _ => "the first output's largest value",
            },
            Warnings = warnings,
        };
    }

    private static (int Height, int Width) ProbeSize(Model model)
    {
        if (model.StaticInputSize is { } s) return s;
        if (model.Onnx.ImageSize is [int h, int w]) return (h, w);
        var shape = model.Input.Shape;
        if (shape is { Length: 5 } v) return (v[3] > 0 ? v[3] : 112, v[4] > 0 ? v[4] : 112);
        return (UsualClassifierSize, UsualClassifierSize);
    }

    /// <summary>One input at the given size in the model's rank: 1×C×H×W, or 1×C×D×H×W for a video model (16 frames unless declared).</summary>
    internal static int[] ProbeShape(Model model, (int Height, int Width) size)
    {
        var declared = model.Input.Shape;
        if (model.TakesOneImage) return [3, size.Height, size.Width];
        int channels = declared is { Length: >= 4 } d && d[1] > 0 ? d[1] : 3;
        return declared is { Length: 5 } v
            ? [1, channels, v[2] > 0 ? v[2] : 16, size.Height, size.Width]
            : [1, channels, size.Height, size.Width];
    }

    private static (ModelKind, string, int?, DetectionHead?) Recognise(GraphFacts g, (int Height, int Width) size)
    {
        var outputs = g.Model.Graph.OutputNames;
        var first = g.Shape(outputs[0]);
        if (first is null)
        {
            // Detections after NMS in the graph (torchvision's boxes, scores, labels) have data-dependent shapes.
            return TryDetector(g, size) is { } afterNms
                ? (ModelKind.Detector, $"outputs fit the {HeadKinds.Name(afterNms.Kind)} box layout", afterNms.Classes, afterNms)
                : (ModelKind.Other, "the first output's shape depends on the input's values", null, null);
        }
        foreach (var o in outputs)
            if (g.Shape(o) is [_, > 1 and var k, var h, var w] && h == size.Height && w == size.Width)
                return (ModelKind.SemanticSegmenter, $"output '{o}' holds {k} scores per pixel at the input size", k, null);
        if (TryDetector(g, size) is { } head)
            return (ModelKind.Detector, $"output '{outputs[head.OutputIndex]}' fits the {HeadKinds.Name(head.Kind)} box layout", head.Classes, head);
        int perImage = first.Skip(1).Aggregate(1, (a, d) => a * d);
        bool vector = first.Length == 2 || first.Length == 4 && first[2] == 1 && first[3] == 1;
        if (!vector || perImage < 2) return (ModelKind.Other, $"output [{string.Join(", ", first)}] is neither class scores, boxes nor a per-pixel map", null, null);
        if (g.Model.Onnx.ClassNames?.Count == perImage || perImage == 1000)
            return (ModelKind.Classifier, $"{perImage} scores per image" + (perImage == 1000 ? " (ImageNet-1k)" : ", named in the metadata"), perImage, null);
        return HasProjection(g, outputs[0])
            ? (ModelKind.Classifier, $"{perImage} scores from a linear layer", perImage, null)
            : (ModelKind.Embedder, $"a {perImage}-d vector pooled from features, with no class layer after them", perImage, null);
    }

    /// <summary>A box layout whose row count fits the head's grids (so a token model's [N, T, C] output is not taken for boxes).</summary>
    private static DetectionHead? TryDetector(GraphFacts g, (int Height, int Width) size)
    {
        DetectionHead head;
        try
        {
            head = DetectionHeads.Recognise(g.Model, size.Height, size.Width);
        }
        catch (InputException)
        {
            return null;
        }
        if (g.Model.Onnx.Metadata.TryGetValue("task", out var task)) return task == "detect" ? head : null;
        int cells = YoloxHead.Cells(size.Width, size.Height).Length;
        return head.Kind switch
        {
            HeadKind.YoloV8 or HeadKind.Yolox => head.Anchors == cells ? head : null,
            HeadKind.YoloV5 => head.Anchors == 3 * cells ? head : null,
            _ => head,
        };
    }

    /// <summary>Whether a weighted layer lies between the last spatial or token activation and the output.</summary>
    private static bool HasProjection(GraphFacts g, string output)
    {
        string? v = output;
        for (int step = 0; step < 200 && v is not null; step++)
        {
            var shape = g.Shape(v);
            if (GraphFacts.IsSpatial(shape) || shape is { Length: 3 } && shape[1] > 1) return false;
            var node = g.Producer(v);
            if (node is null) return false;
            if (g.IsWeighted(node)) return true;
            v = g.MainInput(node);
        }
        return false;
    }

    private static (PreprocessOptions, string) ChoosePreprocess(Model model, DetectionHead? head, GraphFacts g)
    {
        var meta = model.Onnx.Metadata;
        if (meta.TryGetValue("camsharp.preprocess", out var preset))
        {
            try
            {
                return (PreprocessOptions.FromName(preset), "the model's metadata (camsharp.preprocess)");
            }
            catch (ArgumentException)
            {
                // Reported as a warning by the caller's choice below, never as if the user had typed it.
            }
        }
        if (model.Onnx.ProducerName.Contains("caffe", StringComparison.OrdinalIgnoreCase))
            return (PreprocessOptions.Caffe, $"converted from Caffe (producer {model.Onnx.ProducerName}): BGR, 0..255 minus the Caffe means");
        if (model.Onnx.ImageSize is not null || meta.ContainsKey("stride"))
            return (PreprocessOptions.Yolo, "Ultralytics metadata (imgsz, stride): letterbox, RGB, /255");
        if (head?.Kind == HeadKind.Torchvision) return TorchvisionPreprocess(g);
        if (model.Input.Shape is { Length: 5 })
            return (PreprocessOptions.Kinetics, "a video model (N×C×T×H×W input), no metadata: torchvision's Kinetics-400 convention");
        return head?.Kind switch
        {
            HeadKind.Yolox => (PreprocessOptions.Yolox, "a YOLOX head: top-left letterbox, BGR, 0..255"),
            HeadKind.YoloV8 or HeadKind.YoloV5 or HeadKind.EndToEnd => (PreprocessOptions.Yolo, "a YOLO head: letterbox, RGB, /255"),
            HeadKind.FastestDet or HeadKind.TinyYolo => (PreprocessOptions.Raw, "a small YOLO-style head: resize, RGB, /255"),
            _ => (PreprocessOptions.ImageNet, "no metadata: torchvision's ImageNet convention"),
        };
    }

    /// <summary>
    /// torchvision's detection exports normalise (and, with a dynamic input, resize) inside the
    /// graph: the image goes in resized, RGB, /255, never normalised twice.
    /// </summary>
    private static (PreprocessOptions, string) TorchvisionPreprocess(GraphFacts g)
    {
        static string List(float[] v) => "[" + string.Join(", ", v.Select(x => x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture))) + "]";
        return InGraphNormalisation.Find(g) is var (mean, std)
            ? (PreprocessOptions.Raw, $"a torchvision detector: its graph subtracts mean {List(mean)} and divides by std {List(std)} itself, so the image goes in as RGB in [0, 1], not normalised again")
            : (PreprocessOptions.Raw, "a torchvision detector (boxes, scores, labels outputs): RGB in [0, 1], torchvision's detection input; no normalisation was found at the start of the graph, so none is added");
    }

    private static (IReadOnlyList<string>?, string?) ChooseNames(Model model, ModelKind kind, int? classes)
    {
        if (model.Onnx.ClassNames is { } own && (classes is null || own.Count >= classes)) return (own, "the model's metadata");
        return classes is int k && BundledClassNames.For(kind, k) is { } bundled ? (bundled.Names, bundled.Source) : (null, null);
    }

    private static ModelProfile Unplanned(Model model, (int Height, int Width) size, string problem) => new()
    {
        Kind = ModelKind.Other,
        KindReason = "the model could not be planned at a usual input size",
        InputSize = size,
        FixedInputSize = model.StaticInputSize is not null,
        Video = VideoInput.Of(model),
        Preprocess = PreprocessOptions.ImageNet,
        PreprocessReason = "no metadata: torchvision's ImageNet convention",
        ClassNames = model.Onnx.ClassNames,
        ClassNamesSource = model.Onnx.ClassNames is null ? null : "the model's metadata",
        FeatureLayers = [],
        DefaultTarget = "the first output's largest value",
        Warnings = [$"At {size.Height}x{size.Width}: {problem}"],
    };
}
