namespace CamSharp.Explain.Attribution;

/// <summary>
/// The registry of input attribution methods (case-insensitive), each with Captum's defaults.
/// A sibling of <see cref="CamMethods"/>: these return signed N×C×H×W attributions, not class maps.
/// </summary>
public static class InputAttributions
{
    private static readonly Dictionary<string, Func<InputAttribution>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["saliency"] = () => new Saliency(),
        ["inputxgradient"] = () => new InputXGradient(),
        ["integratedgradients"] = () => new IntegratedGradients(),
        ["smoothgrad"] = () => new NoiseTunnel(new Saliency(), NoiseTunnelKind.SmoothGrad),
        ["smoothgrad_sq"] = () => new NoiseTunnel(new Saliency(), NoiseTunnelKind.SmoothGradSquared),
        ["vargrad"] = () => new NoiseTunnel(new Saliency(), NoiseTunnelKind.VarGrad),
        // Captum requires a window; this is its tutorials' choice for 224×224 images.
        ["occlusion"] = () => new Occlusion((0, 15, 15), (3, 8, 8)),
        ["lrp"] = () => new Lrp.Lrp(Lrp.LrpComposite.EpsilonPlusFlat()),
        ["lrp-epsilonplusflat"] = () => new Lrp.Lrp(Lrp.LrpComposite.EpsilonPlusFlat()),
        ["lrp-epsilongammabox"] = () => new Lrp.Lrp(Lrp.LrpComposite.EpsilonGammaBox()),
        ["lrp-epsilonplus"] = () => new Lrp.Lrp(Lrp.LrpComposite.EpsilonPlus()),
        ["lrp-epsilonalpha2beta1"] = () => new Lrp.Lrp(Lrp.LrpComposite.EpsilonAlpha2Beta1()),
        ["lrp-epsilonalpha2beta1flat"] = () => new Lrp.Lrp(Lrp.LrpComposite.EpsilonAlpha2Beta1Flat()),
    };

    /// <summary>Every method name, in registry order.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    public static bool Contains(string name) => Factories.ContainsKey(name);

    /// <summary>One line on what a method computes and where it comes from, for the method catalogue.</summary>
    public static string Summary(string name) => name.ToLowerInvariant() switch
    {
        "saliency" => "absolute input gradient (Simonyan et al. 2014; Captum's Saliency)",
        "inputxgradient" => "input × gradient (Shrikumar et al. 2016; Captum)",
        "integratedgradients" => "gradients integrated from a baseline, 50 Gauss-Legendre steps (Sundararajan et al. 2017; Captum)",
        "smoothgrad" => "saliency averaged over noisy copies (Smilkov et al. 2017; Captum's NoiseTunnel)",
        "smoothgrad_sq" => "squared saliency averaged over noisy copies (Captum's NoiseTunnel)",
        "vargrad" => "variance of saliency over noisy copies (Adebayo et al. 2018; Captum's NoiseTunnel)",
        "occlusion" => "the score's drop when a sliding window is blanked (Zeiler & Fergus 2014; Captum)",
        "lrp" => "layer-wise relevance propagation, Zennit's EpsilonPlusFlat composite (Bach et al. 2015)",
        _ when name.StartsWith("lrp-", StringComparison.OrdinalIgnoreCase) => $"layer-wise relevance propagation, Zennit's {name[4..]} composite",
        _ => "an input attribution",
    };

    /// <summary>A method by name; an unknown name lists the valid ones.</summary>
    public static InputAttribution Create(string name) =>
        Factories.TryGetValue(name, out var f) ? f()
            : throw new Engine.InputException($"Unknown input attribution method '{name}'. Valid methods: {string.Join(", ", Factories.Keys)}.");
}
