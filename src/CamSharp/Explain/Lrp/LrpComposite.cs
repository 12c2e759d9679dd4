namespace CamSharp.Explain.Lrp;

/// <summary>
/// Which LRP rule each layer gets, as Zennit's composites (zennit/composites.py) assign them:
/// one rule for the first linear layer, one for convolutions, one for dense layers (Gemm,
/// MatMul with constant weights); additions and average pooling share relevance in proportion
/// to their inputs (Zennit's <c>Norm</c>), activations and BatchNormalization pass it through
/// (a BatchNormalization right after a Conv is merged into it first, Zennit's
/// <c>MergeBatchNorm</c>), and every other operator (max pooling, reshapes) uses its gradient.
/// </summary>
public sealed record LrpComposite
{
    /// <summary>The composite's name as the registry spells it (<c>epsilonplusflat</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The rule of the first linear layer (Zennit's <c>first_map</c>), or null for none special.</summary>
    public LrpRule? First { get; init; }

    /// <summary>Whether <see cref="First"/> applies only when the first linear layer is a convolution (EpsilonGammaBox maps only Convolution).</summary>
    public bool FirstOnlyIfConvolution { get; init; }

    public required LrpRule Convolution { get; init; }

    public required LrpRule Dense { get; init; }

    /// <summary>The stabiliser of the proportional rule for additions and average pooling.</summary>
    public float Stabilizer { get; init; } = 1e-6f;

    /// <summary>
    /// Zennit's <c>EpsilonPlusFlat</c>: flat for the first layer, z⁺ for convolutions, ε = 1e-6 for
    /// dense layers. <paramref name="zeroBias"/> is Zennit's <c>zero_params=['bias']</c>.
    /// </summary>
    public static LrpComposite EpsilonPlusFlat(bool zeroBias = false) => new()
    {
        Name = "epsilonplusflat",
        First = new FlatRule { ZeroBias = zeroBias },
        Convolution = new ZPlusRule { ZeroBias = zeroBias },
        Dense = new EpsilonRule { ZeroBias = zeroBias },
    };

    /// <summary>
    /// Zennit's <c>EpsilonGammaBox(low, high)</c>: z^B for a first convolution with inputs in
    /// [low, high] (per channel), γ = 0.25 for convolutions, ε = 1e-6 for dense layers.
    /// </summary>
    public static LrpComposite EpsilonGammaBox(IReadOnlyList<float> low, IReadOnlyList<float> high, float gamma = 0.25f, bool zeroBias = false) => new()
    {
        Name = "epsilongammabox",
        First = low.Count == 0 ? ZBoxRule.FromInputRange() : new ZBoxRule(low, high) { ZeroBias = zeroBias },
        FirstOnlyIfConvolution = true,
        Convolution = new GammaRule(gamma) { ZeroBias = zeroBias },
        Dense = new EpsilonRule { ZeroBias = zeroBias },
    };

    /// <summary><see cref="EpsilonGammaBox(IReadOnlyList{float}, IReadOnlyList{float}, float, bool)"/> with each input channel's own range as the box.</summary>
    public static LrpComposite EpsilonGammaBox(float gamma = 0.25f, bool zeroBias = false) =>
        EpsilonGammaBox([], [], gamma, zeroBias);

    /// <summary>Zennit's <c>EpsilonPlus</c>: z⁺ for convolutions, ε for dense layers.</summary>
    public static LrpComposite EpsilonPlus(bool zeroBias = false) => new()
    {
        Name = "epsilonplus",
        Convolution = new ZPlusRule { ZeroBias = zeroBias },
        Dense = new EpsilonRule { ZeroBias = zeroBias },
    };

    /// <summary>Zennit's <c>EpsilonAlpha2Beta1</c>: α2β1 for convolutions, ε for dense layers.</summary>
    public static LrpComposite EpsilonAlpha2Beta1(bool zeroBias = false) => new()
    {
        Name = "epsilonalpha2beta1",
        Convolution = new AlphaBetaRule { ZeroBias = zeroBias },
        Dense = new EpsilonRule { ZeroBias = zeroBias },
    };

    /// <summary>Zennit's <c>EpsilonAlpha2Beta1Flat</c>: flat first layer, α2β1 for convolutions, ε for dense layers.</summary>
    public static LrpComposite EpsilonAlpha2Beta1Flat(bool zeroBias = false) => new()
    {
        Name = "epsilonalpha2beta1flat",
        First = new FlatRule { ZeroBias = zeroBias },
        Convolution = new AlphaBetaRule { ZeroBias = zeroBias },
        Dense = new EpsilonRule { ZeroBias = zeroBias },
    };
}
