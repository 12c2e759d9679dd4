using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tensors;

namespace CamSharp.Application;

/// <summary>
/// Binds a model, a method and options once, then explains images, tensors or many files
/// (ONNX Runtime's session idiom; pytorch-grad-cam's <c>GradCAM(model, target_layers)</c>).
/// Layers, preprocessing, layouts and targets not given are chosen from the model's
/// <see cref="ModelProfile"/>; layers that would give a meaningless map are refused here,
/// before any image is touched. Maps come back carried to the source image.
/// </summary>
public sealed class Explainer
{
    private readonly ActivationReshape? _reshape;
    private readonly List<string> _warnings = [];

    public Explainer(Model model, ExplainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        Options = options ?? new ExplainerOptions();
        Method = Options.CustomMethod is { } custom ? Describe(custom) : CamMethods.Info(Options.Method);
        Profile = Options.ClassNames is { } names ? model.Profile with { ClassNames = names, ClassNamesSource = "the given labels" } : model.Profile;
        Preprocess = Options.Preprocess ?? Profile.Preprocess;
        if (Method.NeedsBoxTargets)
            throw new InputException($"'{Method.Name}' explains a detector's boxes (box targets), not classes.") { Parameter = nameof(ExplainerOptions.Method) };
        if (Profile.Kind == ModelKind.Detector)
            throw new InputException($"{model.Source} is a detector ({Profile.KindReason}); a class map on it would be blank. Explain its boxes (box targets) instead.");
        var g = new GraphFacts(model, model.Session.GetPlan(ProbeShape()));
        Layers = ChooseLayers(g);
        foreach (var layer in Layers) LayerChecks.Check(g, Profile, layer, Method, _warnings);
        if (Method.Output == MethodOutput.Concepts) LayerChecks.CheckConcepts(g, Layers[0], Options.Concepts, model.StaticInputSize is not null);
        _reshape = ReshapeFor(Layers);
        _warnings.AddRange(Profile.Warnings);
    }

    public Model Model { get; }

    public ExplainerOptions Options { get; }

    public ModelProfile Profile { get; }

    public MethodInfo Method { get; }

    public PreprocessOptions Preprocess { get; }

    /// <summary>The layers explained, with their layouts and why they were chosen.</summary>
    public IReadOnlyList<LayerChoice> Layers { get; }

    /// <summary>How the layers' activations are read as N×C×H×W maps (tokens, channels-last), or null when they already are.</summary>
    public ActivationReshape? Reshape => _reshape;

    /// <summary>Doubts found when binding (a class-score layer, the profile's own warnings); tell the user once.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>The network input size for an image of this size.</summary>
    public (int Height, int Width) InputSizeFor(int imageHeight, int imageWidth) =>
        InputSizePolicy.For(Model, Options.InputSize, (imageHeight, imageWidth));

    /// <summary>Prepares an image as the model expects it.</summary>
    public PreparedInput Prepare(RgbImage image)
    {
        if (VideoInput.Of(Model) is { } video) throw new InputException(video.SingleImageMessage(Model.Source));
        var (h, w) = InputSizeFor(image.Height, image.Width);
        long bytes = ResourceLimits.BytesOf(DataType.Float32, [1, 3, h, w]);
        if (bytes > Model.Limits.MemoryBytes)
            throw new ResourceLimitException(nameof(ResourceLimits.MemoryBytes), bytes, Model.Limits.MemoryBytes,
                $"An input of {h}x{w} takes {ResourceLimits.FormatBytes(bytes)}, over the memory budget of {ResourceLimits.FormatBytes(Model.Limits.MemoryBytes)}.");
        return Preprocessor.Prepare(image, h, w, Preprocess);
    }

    /// <summary>
    /// An image's embedding (the first output's row), prepared as the explainer prepares its
    /// inputs: the concept of an <see cref="ExplainTarget.Concept"/> for an embedder.
    /// </summary>
    public float[] Embed(RgbImage image)
    {
        using var output = FirstOutput(Prepare(image).Tensor);
        return output.Floats.ToArray();
    }

    /// <summary>Explains an image: one map per target (default: the top class).</summary>
    public Explanation Explain(RgbImage image, IReadOnlyList<ExplainTarget>? targets = null, CancellationToken cancellation = default)
    {
        var prepared = Prepare(image);
        return Run(prepared.Tensor, prepared, targets, cancellation);
    }

    /// <summary>
    /// Prepares a video model's clip from its frames in time order: each frame as an image of the
    /// model's H×W with this explainer's preprocessing. The count must be the model's T (or
    /// <see cref="ExplainerOptions.Frames"/> when the model leaves T dynamic).
    /// </summary>
    public PreparedClip PrepareClip(IReadOnlyList<RgbImage> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var video = VideoInput.Of(Model) ?? throw new InputException($"{Model.Source} takes one image, not a clip of frames: its input is [{ShapeUtil.Format(Model.Input.Shape)}].");
        int perClip = video.FramesPerClip(Model.Source, Options.Frames);
        if (frames.Count != perClip)
        {
            VideoInput.Clips(Model.Source, frames, perClip); // too few, or a partial clip: refused with the numbers
            throw new InputException($"{Model.Source} takes clips of {perClip} frames; {frames.Count} were given for one clip.") { Parameter = "Frames" };
        }
        var (h, w) = video.SizeFor(Model.Source, Options.InputSize);
        long bytes = ResourceLimits.BytesOf(DataType.Float32, [1, 3, perClip, h, w]) * 2;
        if (bytes > Model.Limits.MemoryBytes)
            throw new ResourceLimitException(nameof(ResourceLimits.MemoryBytes), bytes, Model.Limits.MemoryBytes,
                $"A clip of {perClip}×{h}x{w} takes {ResourceLimits.FormatBytes(bytes)}, over the memory budget of {ResourceLimits.FormatBytes(Model.Limits.MemoryBytes)}.");
        return PreparedClip.Prepare(frames, h, w, Preprocess);
    }

    /// <summary>Explains a video model's clip given as its frames in time order (<see cref="PrepareClip"/>): one map per target, over every frame.</summary>
    public Explanation Explain(IReadOnlyList<RgbImage> frames, IReadOnlyList<ExplainTarget>? targets = null, CancellationToken cancellation = default)
    {
        var clip = PrepareClip(frames);
        cancellation.ThrowIfCancellationRequested();
        return VideoExplanation.Explain(this, clip.Tensor, targets, clip.Frames);
    }

    /// <summary>Explains an image file.</summary>
    public Explanation Explain(string imagePath, IReadOnlyList<ExplainTarget>? targets = null, CancellationToken cancellation = default) =>
        Explain(ImageDecoder.Load(imagePath, Model.Limits, ImageDecoder.DrawingBytesPerPixel), targets, cancellation);

    /// <summary>
    /// Explains a prepared N×C×H×W tensor of one image, or an N×C×D×H×W clip of a video model
    /// (<see cref="VideoExplanation"/>): one map per target.
    /// </summary>
    public Explanation Explain(Tensor input, IReadOnlyList<ExplainTarget>? targets = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 5 && input.Shape[0] == 1)
        {
            cancellation.ThrowIfCancellationRequested();
            return VideoExplanation.Explain(this, input, targets);
        }
        if (input.Rank != 4 || input.Shape[0] != 1)
            throw new InputException($"An input tensor to explain must be 1×C×H×W; got [{ShapeUtil.Format(input.Shape)}].") { Parameter = nameof(input) };
        return Run(input, null, targets, cancellation);
    }

    /// <summary>
    /// Explains many image files in turn, reporting progress; a file that fails is returned
    /// with its error and the others go on.
    /// </summary>
    public IEnumerable<ExplainOutcome> ExplainAll(IEnumerable<string> imagePaths, IReadOnlyList<ExplainTarget>? targets = null,
        IProgress<ExplainProgress>? progress = null, CancellationToken cancellation = default)
    {
        var paths = imagePaths.ToList();
        for (int i = 0; i < paths.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            ExplainOutcome outcome;
            try
            {
                outcome = new ExplainOutcome(paths[i], Explain(paths[i], targets, cancellation), null);
            }
            catch (Exception e) when (e is CamSharpException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                outcome = new ExplainOutcome(paths[i], null, e);
            }
            progress?.Report(new ExplainProgress(i + 1, paths.Count, paths[i]));
            yield return outcome;
        }
    }

    private Explanation Run(Tensor single, PreparedInput? prepared, IReadOnlyList<ExplainTarget>? wanted, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        wanted = wanted is { Count: > 0 } ? wanted : [ExplainTarget.Top];
        // A plain forward pass only when something needs it (a target that depends on what the model predicts,
        // an attribution's score), and then one shared by all of them.
        Tensor[]? plainOutputs = null;
        Tensor[] Plain() => plainOutputs ??= PlainOutputs(single);
        try
        {
            var resolved = ResolvesFromThePass(wanted)
                ? [(new PassResolvedTarget(outputs => TargetResolver.Resolve(Profile, wanted[0], () => outputs[0], 0)), "", null)]
                : wanted.Select(t => TargetResolver.Resolve(Profile, t, () => Plain()[0], 0)).ToArray();
            var explanation = Run(single, prepared, resolved, Plain, cancellation, out var passOutput);
            var predictedFrom = passOutput ?? plainOutputs?[0];
            return predictedFrom is null ? explanation : explanation with { Prediction = Prediction.Of(Profile, predictedFrom, TopPredictions) };
        }
        finally
        {
            foreach (var output in plainOutputs ?? []) output.Dispose();
        }
    }

    /// <summary>
    /// Whether a target that depends on the prediction can be resolved from the method's own
    /// forward pass (<see cref="PassResolvedTarget"/>): one target, a class-map method that
    /// first scores it on that pass's outputs — not one that re-runs, maps the whole network,
    /// chooses its own targets or smooths over augmented inputs.
    /// </summary>
    private bool ResolvesFromThePass(IReadOnlyList<ExplainTarget> wanted) =>
        wanted is [{ Custom: null, Class: null }] && Method.IsClassMap && !Method.RerunsDownstream && !Options.Cam.AugSmooth
        && Options.CustomMethod is null && Profile.Kind is not (ModelKind.Embedder or ModelKind.Detector)
        && CamMethods.Create(Method.Name) is not (CamSharp.Explain.Methods.IWholeMapMethod or CamSharp.Explain.Methods.IChoosesTargets);

    private Tensor FirstOutput(Tensor single)
    {
        using var pass = Model.Session.Run(single);
        return pass.Outputs[0].Clone();
    }

    private Tensor[] PlainOutputs(Tensor single)
    {
        using var pass = Model.Session.Run(single);
        return [.. pass.Outputs.Select(o => o.Clone())];
    }

    /// <summary>How many classes <see cref="Explanation.Prediction"/> lists.</summary>
    private const int TopPredictions = 5;

    private Explanation Run(Tensor single, PreparedInput? prepared, (Engine.OutputTarget Target, string Label, int? Class)[] resolved,
        Func<IReadOnlyList<Tensor>> plain, CancellationToken cancellation, out Tensor? passOutput)
    {
        cancellation.ThrowIfCancellationRequested();
        passOutput = null;
        // One target explains the image as it is (nothing below writes to its input); several, a row each.
        using var tiled = resolved.Length == 1 ? null : TensorRows.Tile(single, resolved.Length);
        var batch = tiled ?? single;
        var targets = resolved.Select(r => r.Target).ToArray();
        var values = Layers.SelectMany(l => l.Values).Distinct().ToArray();
        int h = single.Shape[2], w = single.Shape[3];
        var maps = new List<ExplainedMap>();
        switch (Method.Output)
        {
            case MethodOutput.ClassMap:
            {
                var method = Options.CustomMethod?.Invoke() ?? CamMethods.Create(Method.Name);
                if (Method.RerunsDownstream && targets.Length > 1)
                {
                    // Re-running methods batch their own masked copies of one image, so each class gets its own
                    // run of the one image; the forward pass is shared.
                    var each = CamRunner.RunEach(Model, single, values, method, targets.Select(t => (IReadOnlyList<Engine.OutputTarget>)[t]).ToList(), Options.Cam, _reshape);
                    if (each[0].Outputs.Count > 0) passOutput = each[0].Outputs[0];
                    for (int b = 0; b < targets.Length; b++)
                        maps.Add(MapOf(new FloatMap(w, h, each[b].Maps[0].ToArray()), resolved[b].Label, resolved[b].Class, each[b].Scores[0], prepared));
                    break;
                }
                var result = CamRunner.Run(Model, batch, values, method, targets, Options.Cam, _reshape);
                if (result.Outputs.Count > 0) passOutput = result.Outputs[0];
                if (resolved[0].Target is PassResolvedTarget fromPass)
                {
                    if (result.Outputs.Count > 0) resolved[0] = fromPass.ResolveFrom(result.Outputs);
                    else resolved[0] = fromPass.ResolveFrom(plain());
                }
                // The result's maps are this call's own: no copy.
                for (int b = 0; b < targets.Length; b++)
                    maps.Add(MapOf(new FloatMap(w, h, result.Maps[b]), resolved[b].Label, resolved[b].Class, result.Scores[b], prepared));
                break;
            }
            case MethodOutput.InputGradient:
            {
                using var gradient = GuidedBackprop.InputGradient(Model, batch, targets);
                var gradCam = Method.Name == "guidedgradcam" ? CamRunner.Run(Model, batch, values, new Explain.Methods.GradCam(), targets, Options.Cam, _reshape) : null;
                for (int b = 0; b < targets.Length; b++)
                    maps.Add(new ExplainedMap { Label = resolved[b].Label, Class = resolved[b].Class, Picture = GuidedBackprop.ToImage(gradient, b, gradCam?.Maps[b].ToArray()) });
                break;
            }
            case MethodOutput.InputAttribution:
            {
                // Captum's visualize_image_attr defaults: absolute value, 2 % outliers clipped, blended heat map.
                using var attribution = CamSharp.Explain.Attribution.InputAttributions.Create(Method.Name).Attribute(Model, batch, targets);
                // The attribution methods keep no pass of the plain input: each target is scored on the
                // plain pass (every row of the batch is that one image), the one that resolved the top class if it ran.
                var outputs = plain();
                var scores = targets.Select(t => (double)t.Score(outputs, 0)).ToArray();
                var background = prepared is null ? new float[3 * h * w] : prepared.NetworkImage.Pixels.Select(p => p / 255f).ToArray();
                for (int b = 0; b < targets.Length; b++)
                {
                    var normalized = CamSharp.Explain.Attribution.AttributionNormalization.Normalize(attribution, b);
                    maps.Add(MapOf(new FloatMap(w, h, normalized), resolved[b].Label, resolved[b].Class, scores[b], prepared) with
                    {
                        Picture = AttributionOverlay.BlendedHeatMap(background, w, h, normalized, CamSharp.Explain.Attribution.AttributionSign.AbsoluteValue),
                    });
                }
                break;
            }
            default:
            {
                var concepts = DeepFeatureFactorization.Run(Model, single, values[0], Math.Max(1, Options.Concepts));
                for (int k = 0; k < concepts.Count; k++)
                {
                    int best = Array.IndexOf(concepts[k].Scores, concepts[k].Scores.Max());
                    maps.Add(MapOf(new FloatMap(w, h, concepts[k].Maps[0]), $"concept {k}: {Profile.ClassName(best)}", best, concepts[k].Scores[best], prepared));
                }
                break;
            }
        }
        var warnings = maps.Where(m => m.AllZero).Select(m => $"The {Method.Name} map for {m.Label} is all zero: every region counted against the target at {string.Join(", ", Layers.Select(l => l.Name))}.").ToList();
        return new Explanation { Method = Method.Name, Maps = maps, Layers = Layers, Input = prepared, Warnings = warnings };
    }

    private static ExplainedMap MapOf(FloatMap atInput, string label, int? cls, double score, PreparedInput? prepared) => new()
    {
        Label = label,
        Class = cls,
        Score = score,
        AtInput = atInput,
        OnImage = prepared?.Geometry.MapToSource(atInput),
    };

    /// <summary>A caller's method described by what its object says of itself.</summary>
    private static MethodInfo Describe(Func<CamMethod> make)
    {
        var probe = make();
        return new MethodInfo
        {
            Name = probe.Name,
            Summary = "a caller's own method",
            UsesGradients = probe.UsesGradients,
            RerunsDownstream = probe is IRerunsDownstream,
            WholeNetwork = probe is Explain.Methods.IWholeMapMethod,
        };
    }

    private IReadOnlyList<LayerChoice> ChooseLayers(GraphFacts g)
    {
        IReadOnlyList<LayerChoice> chosen;
        if (Options.Layers is { Count: > 0 } names)
            chosen = names.Select(n => LayoutRecogniser.Describe(g, n, Model.ResolveLayer(n), "given")).ToArray();
        else if (Method.WholeNetwork)
            chosen = [];
        else if (Method.NeedsTokens && Profile.CamLayer is { } norm && DefaultLayers.BlockInput(g, norm) is { } blockInput)
            chosen = [blockInput];
        else
            chosen = Profile.CamLayer is { } c ? [c]
                : throw new InputException($"{Model.Source}: no layer to explain could be chosen from the graph; name one (its module path, value or node name).") { Parameter = nameof(ExplainerOptions.Layers) };
        return chosen.Select(l => Override(g, l)).ToArray();
    }

    /// <summary>The caller's layout and token settings win over what the graph shows.</summary>
    private LayerChoice Override(GraphFacts g, LayerChoice layer)
    {
        var layout = Options.Layout ?? layer.Layout;
        var result = layer with { Layout = layout };
        if (Options.ExtraTokens is int extra) result = result with { ExtraTokens = extra };
        if (Options.TokenGrid is { } grid) result = result with { TokenGrid = grid };
        // Extra tokens given without a grid: the grid is what the remaining tokens make, or none.
        if (layout == FeatureLayout.Tokens && Options.TokenGrid is null && Options.ExtraTokens is int e
            && g.Shape(layer.Values[0]) is [_, int t, _])
            result = result with { TokenGrid = Square(t - e) is int side ? (side, side) : null };
        return result;
    }

    private static int? Square(int n)
    {
        int r = (int)Math.Round(Math.Sqrt(Math.Max(n, 0)));
        return r > 0 && r * r == n ? r : null;
    }

    private static ActivationReshape? ReshapeFor(IReadOnlyList<LayerChoice> layers) => layers.FirstOrDefault()?.Layout switch
    {
        FeatureLayout.Tokens => new TokenGridReshape(layers[0].ExtraTokens, layers[0].TokenGrid, layers[0].TokenFrames),
        FeatureLayout.ChannelsLast => new ChannelsLastReshape(),
        _ => null,
    };

    private int[] ProbeShape() =>
        ModelProfiler.ProbeShape(Model, Options.InputSize is { } s && Model.StaticInputSize is null ? s : Profile.InputSize);
}

/// <summary>One file of <see cref="Explainer.ExplainAll"/>: its explanation, or why it failed.</summary>
public sealed record ExplainOutcome(string Path, Explanation? Result, Exception? Error);

/// <summary>Progress of <see cref="Explainer.ExplainAll"/>: files done of the total, and the last one.</summary>
public readonly record struct ExplainProgress(int Done, int Total, string Current);
