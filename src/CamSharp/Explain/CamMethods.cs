using CamSharp.Engine;
using CamSharp.Explain.Methods;

namespace CamSharp.Explain;

/// <summary>
/// The one registry of CAM methods, by the names pytorch-grad-cam's <c>cam.py</c> uses
/// (case-insensitive). The CLI reads its list from here.
/// </summary>
public static class CamMethods
{
    private static readonly Dictionary<string, Func<CamMethod>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gradcam"] = () => new GradCam(),
        ["hirescam"] = () => new HiResCam(),
        ["gradcamelementwise"] = () => new GradCamElementWise(),
        ["gradcam++"] = () => new GradCamPlusPlus(),
        ["xgradcam"] = () => new XGradCam(),
        ["layercam"] = () => new LayerCam(),
        ["eigencam"] = () => new EigenCam(),
        ["eigengradcam"] = () => new EigenGradCam(),
        ["segeigencam"] = () => new SegEigenCam(),
        ["kpcacam"] = () => new KpcaCam(),
        ["fem"] = () => new Fem(),
        ["randomcam"] = () => new RandomCam(),
        ["scorecam"] = () => new ScoreCam(),
        ["ablationcam"] = () => new AblationCam(),
        ["fullgrad"] = () => new FullGrad(),
        ["finercam"] = () => new FinerCam(),
        ["shapleycam"] = () => new ShapleyCam(),
        ["reciprocam"] = () => new ReciproCam(),
        ["rise"] = () => new Rise(),
        ["sscam"] = () => new SsCam(),
        ["iscam"] = () => new IsCam(),
        ["smoothgradcam++"] = () => new SmoothGradCamPlusPlus(),
        ["refinecam"] = () => new RefineCam(),
        ["vitreciprocam"] = () => new VitReciproCam(),
        ["drise"] = () => new Drise(),
    };

    /// <summary>
    /// Methods whose result is an image of input gradients rather than a [0,1] map
    /// (<see cref="GuidedBackprop"/>): <c>guidedbackprop</c>, and <c>guidedgradcam</c> = Grad-CAM × guided backprop.
    /// </summary>
    public static IReadOnlyList<string> GuidedNames { get; } = ["guidedbackprop", "guidedgradcam"];

    /// <summary>Deep Feature Factorization: concepts with maps and head scores (<see cref="DeepFeatureFactorization"/>).</summary>
    public const string DffName = "dff";

    /// <summary>Every method name, in registry order.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>
    /// Methods that 'all' leaves out: D-RISE needs box targets, ViT-ReciproCAM a transformer
    /// block's input, and RISE, SS-CAM and IS-CAM run the network thousands of times.
    /// </summary>
    private static readonly HashSet<string> NotInAll = new(StringComparer.OrdinalIgnoreCase) { "rise", "sscam", "iscam", "vitreciprocam", "drise" };

    /// <summary>The methods 'all' runs on a class target and a convolutional layer.</summary>
    public static IReadOnlyList<string> AllNames => [.. Factories.Keys.Where(n => !NotInAll.Contains(n))];

    /// <summary>A method by name; an unknown name lists the valid ones.</summary>
    public static CamMethod Create(string name) =>
        Factories.TryGetValue(name, out var f) ? f()
            : throw new InputException($"Unknown CAM method '{name}'. Valid methods: {string.Join(", ", Factories.Keys.Concat(GuidedNames).Append(DffName))}.");
}
