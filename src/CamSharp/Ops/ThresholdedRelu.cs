using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>ThresholdedRelu (opset 10): y = x for x &gt; alpha, else 0 (alpha 1 by default); the gradient passes where x &gt; alpha.</summary>
public sealed class ThresholdedRelu(Node node) : UnaryOperator(node)
{
    private readonly float _alpha = node.Attributes.GetFloat("alpha", 1f);

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > _alpha ? x[i] : 0f;
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = x[i] > _alpha ? g[i] : 0f;
    }
}
