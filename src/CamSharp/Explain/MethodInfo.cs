namespace CamSharp.Explain;

/// <summary>What a method's result is, which decides how it is drawn and where it may be used.</summary>
public enum MethodOutput
{
    /// <summary>A [0, 1] map per target at the layer, carried to the image (the Grad-CAM family).</summary>
    ClassMap,

    /// <summary>An image of input gradients (guided backpropagation and its product with Grad-CAM).</summary>
    InputGradient,

    /// <summary>Concepts factorised from a layer, each with a map and head scores (Deep Feature Factorization).</summary>
    Concepts,

    /// <summary>A signed attribution per input pixel (Captum's Saliency, Integrated Gradients, …; LRP), drawn as Captum draws it.</summary>
    InputAttribution,
}

/// <summary>
/// One method in <see cref="CamMethods"/>, with the capabilities every front end reads
/// instead of keeping its own list: <c>--help</c>, <c>--method all</c>, <c>boxam</c>,
/// <c>report</c> and <c>evaluate</c>.
/// </summary>
public sealed record MethodInfo
{
    /// <summary>The name users type, as pytorch-grad-cam's <c>cam.py</c> spells it.</summary>
    public required string Name { get; init; }

    /// <summary>One line: what it computes and where it comes from.</summary>
    public required string Summary { get; init; }

    public MethodOutput Output { get; init; } = MethodOutput.ClassMap;

    /// <summary>Backward passes from the target to the layer.</summary>
    public bool UsesGradients { get; init; }

    /// <summary>Re-runs the network downstream of the layer with changed activations (batched within the memory budget).</summary>
    public bool RerunsDownstream { get; init; }

    /// <summary>Runs the network on batches of masked inputs or activations, sized by the memory budget or a given batch size.</summary>
    public bool BatchesMaskedInputs { get; init; }

    /// <summary>Works with detector box targets (<c>boxam</c>, and <c>evaluate</c> on detectors).</summary>
    public bool BoxTargets { get; init; }

    /// <summary>Explains detected boxes only (D-RISE): <c>boxam</c>, and <c>evaluate</c> on detectors.</summary>
    public bool NeedsBoxTargets { get; init; }

    /// <summary>Reads a transformer block's tokens (ViT-ReciproCAM): token models only.</summary>
    public bool NeedsTokens { get; init; }

    /// <summary>Ignores the target layers: the map comes from the whole network (FullGrad).</summary>
    public bool WholeNetwork { get; init; }

    /// <summary>Whether <c>--method all</c> runs it (left out: methods that need box targets or token layers, or run the network thousands of times).</summary>
    public bool InAll { get; init; } = true;

    /// <summary>Makes the method object for a <see cref="MethodOutput.ClassMap"/> method; null for the others.</summary>
    internal Func<CamMethod>? Factory { get; init; }

    /// <summary>Whether it yields a [0, 1] class map (what the report, evaluate and boxam show).</summary>
    public bool IsClassMap => Output == MethodOutput.ClassMap;

    /// <summary>
    /// Whether it yields one [0, 1] map per target: the class maps, and the input attributions
    /// pooled as they are drawn (<see cref="MethodMaps"/>). What <c>evaluate</c> and the report take.
    /// </summary>
    public bool GivesMap => Output is MethodOutput.ClassMap or MethodOutput.InputAttribution;
}
