using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Attribution;

/// <summary>
/// Saliency (Simonyan et al., 2014, arXiv:1312.6034): the gradient of the target with respect
/// to the input, by default its absolute value as Captum's <c>Saliency(abs=True)</c>.
/// </summary>
public sealed class Saliency(bool absolute = true) : InputAttribution
{
    public override string Name => "saliency";

    /// <summary>Return |∂y/∂x| (Captum's default) rather than the signed gradient.</summary>
    public bool Absolute { get; } = absolute;

    public override Tensor Attribute(Model model, Tensor input, IReadOnlyList<OutputTarget> targets)
    {
        Check(input, targets);
        var g = InputGradients.Compute(model, input, targets, input.Shape[0]);
        if (Absolute) System.Numerics.Tensors.TensorPrimitives.Abs(g.Floats, g.Floats);
        return g;
    }
}
