using CamSharp.Explain.Methods;

using CamSharp.Engine;

namespace CamSharp.Explain;

/// <summary>
/// The one catalogue of explanation methods, by the names pytorch-grad-cam's <c>cam.py</c>
/// uses (case-insensitive), each with its capabilities. The CLI's help, <c>--method all</c>,
/// <c>boxam</c>, the report and <c>evaluate</c> all read it.
/// </summary>
public static class CamMethods
{
    /// <summary>Every method in catalogue order: the order of <c>--method all</c>.</summary>
    public static IReadOnlyList<MethodInfo> All { get; } =
    [
        Grad("gradcam", () => new GradCam(), "channel weights = mean gradient (Selvaraju et al. 2017)", box: true),
        Grad("hirescam", () => new HiResCam(), "gradient × activation summed over channels (Draelos & Carin 2020)", box: true),
        Grad("gradcamelementwise", () => new GradCamElementWise(), "ReLU of gradient × activation, summed over channels"),
        Grad("gradcam++", () => new GradCamPlusPlus(), "second-order weights of positive gradients (Chattopadhay et al. 2018)", box: true),
        Grad("xgradcam", () => new XGradCam(), "axiom-based gradient weights (Fu et al. 2020)", box: true),
        Grad("layercam", () => new LayerCam(), "positive gradient × activation per pixel (Jiang et al. 2021)", box: true),
        Free("eigencam", () => new EigenCam(), "first principal component of the activations (Muhammad & Yeasin 2020)", box: true),
        Grad("eigengradcam", () => new EigenGradCam(), "first principal component of gradient × activation"),
        Grad("segeigencam", () => new SegEigenCam(), "first principal component of gradient × activation, sign fixed (Chung & Ying 2025)"),
        Free("kpcacam", () => new KpcaCam(), "first kernel principal component of the activations (Karmani et al. 2024)"),
        Free("fem", () => new Fem(), "feature explanation: channels by their share of pixels above mean + 2 std (Fuad et al. 2020)"),
        Free("randomcam", () => new RandomCam(), "random channel weights: a sanity baseline"),
        Free("scorecam", () => new ScoreCam(), "weights = the target's softmax score on the input masked by each channel (Wang et al. 2020)", box: true) with { BatchesMaskedInputs = true },
        Rerun("ablationcam", () => new AblationCam(), "weights = the target's drop when each channel is removed (Desai & Ramaswamy 2020)"),
        Grad("fullgrad", () => new FullGrad(), "input and bias gradients of every layer (Srinivas & Fleuret 2019)") with { WholeNetwork = true },
        Grad("finercam", () => new FinerCam(), "the target weighed against its three closest classes (pytorch-grad-cam's Finer-CAM)"),
        Grad("shapleycam", () => new ShapleyCam(), "gradient corrected by a Hessian-vector product (Cai et al. 2025)") with { RerunsDownstream = true },
        Free("reciprocam", () => new ReciproCam(), "the head re-run on one kept cell per copy of the map (Byun & Lee 2022; OpenVINO XAI's default)") with { RerunsDownstream = true, BatchesMaskedInputs = true },
        Grad("smoothgradcam++", () => new SmoothGradCamPlusPlus(), "Grad-CAM++ weights averaged over noisy inputs (Omeiza et al. 2019; torchcam)"),
        Grad("refinecam", () => new RefineCam(), "the base method per layer, maps multiplied (pytorch-grad-cam main)"),
        Free("sscam", () => new SsCam(), "Score-CAM with smoothed masks (Wang et al. 2020; torchcam)") with { BatchesMaskedInputs = true, InAll = false },
        Free("iscam", () => new IsCam(), "Score-CAM with integrated masks (Naidu et al. 2020; torchcam)") with { BatchesMaskedInputs = true, InAll = false },
        Free("rise", () => new Rise(), "random masks weighted by the score, 4000 by default (Petsiuk et al. 2018)") with { BatchesMaskedInputs = true, WholeNetwork = true, InAll = false },
        Free("vitreciprocam", () => new VitReciproCam(), "ReciproCAM on a transformer block's tokens (OpenVINO XAI)") with { RerunsDownstream = true, BatchesMaskedInputs = true, InAll = false, NeedsTokens = true },
        Free("drise", () => new Drise(), "random masks weighted by each detection's affinity, black-box (Petsiuk et al. 2021)", box: true) with { BatchesMaskedInputs = true, WholeNetwork = true, InAll = false, NeedsBoxTargets = true },
        new() { Name = "guidedbackprop", Summary = "input gradients through ReLUs that pass only positive gradients (Springenberg et al. 2015)", Output = MethodOutput.InputGradient, UsesGradients = true },
        new() { Name = "guidedgradcam", Summary = "Grad-CAM × guided backpropagation", Output = MethodOutput.InputGradient, UsesGradients = true },
        new() { Name = "dff", Summary = "deep feature factorization: concepts in a layer, named by the head (Collins et al. 2018)", Output = MethodOutput.Concepts },
        .. Attribution.InputAttributions.Names.Select(name => new MethodInfo
        {
            Name = name,
            Summary = Attribution.InputAttributions.Summary(name),
            Output = MethodOutput.InputAttribution,
            UsesGradients = Attribution.InputAttributions.Create(name).UsesGradients,
            WholeNetwork = true,
            InAll = false,
        }),
    ];

    private static readonly Dictionary<string, MethodInfo> ByName = All.ToDictionary(m => m.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The names of the class-map methods, in catalogue order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Where(m => m.IsClassMap).Select(m => m.Name).ToArray();

    /// <summary>The methods that give one [0, 1] map per target (<see cref="MethodInfo.GivesMap"/>), in catalogue order.</summary>
    public static IReadOnlyList<string> MapNames { get; } = All.Where(m => m.GivesMap).Select(m => m.Name).ToArray();

    /// <summary>The methods <c>--method all</c> runs, in catalogue order.</summary>
    public static IReadOnlyList<string> AllNames { get; } = All.Where(m => m.InAll).Select(m => m.Name).ToArray();

    /// <summary>The guided (input-gradient) method names.</summary>
    public static IReadOnlyList<string> GuidedNames { get; } = All.Where(m => m.Output == MethodOutput.InputGradient).Select(m => m.Name).ToArray();

    /// <summary>Deep Feature Factorization's name.</summary>
    public const string DffName = "dff";

    /// <summary>A method's entry; an unknown name lists the valid ones and the closest.</summary>
    public static MethodInfo Info(string name) =>
        ByName.TryGetValue(name.Trim(), out var info) ? info
            : throw new InputException($"Unknown method '{name}'.{Suggestion(name)} Valid methods: {string.Join(", ", All.Select(m => m.Name))}.");

    /// <summary>Whether the catalogue has a method by this name.</summary>
    public static bool Contains(string name) => ByName.ContainsKey(name.Trim());

    /// <summary>A class-map method by name (a fresh object: some methods keep state per run).</summary>
    public static CamMethod Create(string name)
    {
        var info = Info(name);
        return info.Factory?.Invoke()
            ?? throw new InputException($"'{info.Name}' gives {Describe(info.Output)}, not a class activation map.");
    }

    public static string Describe(MethodOutput output) => output switch
    {
        MethodOutput.InputGradient => "an image of input gradients",
        MethodOutput.Concepts => "concepts with their own maps",
        MethodOutput.InputAttribution => "a signed attribution per input pixel",
        _ => "a class activation map",
    };

    private static string Suggestion(string name)
    {
        var close = Onnx.LayerNameSuggestions.Closest(name.Trim().ToLowerInvariant(), All.Select(m => m.Name), 1);
        return close.Count > 0 ? $" Did you mean '{close[0]}'?" : "";
    }

    private static MethodInfo Grad(string name, Func<CamMethod> make, string summary, bool box = false) =>
        new() { Name = name, Summary = summary, Factory = make, UsesGradients = true, BoxTargets = box };

    private static MethodInfo Free(string name, Func<CamMethod> make, string summary, bool box = false) =>
        new() { Name = name, Summary = summary, Factory = make, BoxTargets = box };

    private static MethodInfo Rerun(string name, Func<CamMethod> make, string summary) =>
        new() { Name = name, Summary = summary, Factory = make, RerunsDownstream = true, BatchesMaskedInputs = true, BoxTargets = true };
}
