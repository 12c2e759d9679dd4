using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Attribution;

/// <summary>
/// Input × Gradient (Shrikumar et al., 2016, arXiv:1605.01713): the input times the gradient
/// of the target with respect to it, as Captum's <c>InputXGradient</c>.
/// </summary>
public sealed class InputXGradient : InputAttribution
{
    public override string Name => "inputxgradient";

    public override Tensor Attribute(Model model, Tensor input, IReadOnlyList<OutputTarget> targets)
    {
        Check(input, targets);
        var g = InputGradients.Compute(model, input, targets, input.Shape[0]);
        System.Numerics.Tensors.TensorPrimitives.Multiply(g.Floats, input.Floats, g.Floats);
        return g;
    }
}
