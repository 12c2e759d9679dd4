using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>
/// Shrink: y = x + bias for x &lt; −lambd, x − bias for x &gt; lambd, 0 between (lambd 0.5 and
/// bias 0 by default: bias = lambd is soft shrinkage, 0 hard). The gradient passes where |x| &gt; lambd.
/// </summary>
public sealed class Shrink(Node node) : UnaryOperator(node)
{
    private readonly float _lambd = node.Attributes.GetFloat("lambd", 0.5f);
    private readonly float _bias = node.Attributes.GetFloat("bias", 0f);

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i] < -_lambd ? x[i] + _bias : x[i] > _lambd ? x[i] - _bias : 0f;
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = x[i] < -_lambd || x[i] > _lambd ? g[i] : 0f;
    }
}
