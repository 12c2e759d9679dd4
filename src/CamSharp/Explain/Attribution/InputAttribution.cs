using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Attribution;

/// <summary>
/// An input attribution method (Captum's family): one signed value per input element,
/// N×C×H×W like the input, rather than a [0,1] class map at a layer. Draw it with
/// <see cref="AttributionNormalization"/> and <see cref="Imaging.AttributionOverlay"/>.
/// </summary>
public abstract class InputAttribution
{
    /// <summary>The name as the registry (<see cref="InputAttributions"/>) spells it, lower case.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the method backpropagates (Occlusion only runs the model forward).</summary>
    public virtual bool UsesGradients => true;

    /// <summary>Attributions for an N×C×H×W input, one target per image; the caller owns the result.</summary>
    public abstract Tensor Attribute(Model model, Tensor input, IReadOnlyList<OutputTarget> targets);

    /// <summary>Checks the common arguments at the public boundary.</summary>
    protected static void Check(Tensor input, IReadOnlyList<OutputTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(targets);
        if (input.Type != DataType.Float32 || input.Rank < 2)
            throw new InputException($"Input attributions need a float32 N×… input; got {input.Type} [{ShapeUtil.Format(input.Shape)}].");
        if (targets.Count != input.Shape[0])
            throw new InputException($"{targets.Count} targets for a batch of {input.Shape[0]}: give one target per image.");
    }

    public override string ToString() => Name;
}
