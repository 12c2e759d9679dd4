using CamSharp.Tensors;

namespace CamSharp.Explain.Lrp;

/// <summary>
/// An LRP rule for a linear layer (Conv, Gemm, MatMul with constant weights): from the
/// relevance R of the layer's output, the relevance of its input. Each rule is one of
/// Zennit's <c>BasicHook</c>s (zennit/rules.py), with its defaults.
/// </summary>
public abstract class LrpRule
{
    /// <summary>Zennit's <c>zero_params=['bias']</c>: drop the bias, so no relevance leaks into it.</summary>
    public bool ZeroBias { get; init; }

    internal abstract Tensor Relevance(LinearLayer layer, Tensor relevance);

    /// <summary>The bias as the rule uses it (null when <see cref="ZeroBias"/>).</summary>
    internal Tensor? Bias(LinearLayer layer) => ZeroBias ? null : layer.Bias;
}
