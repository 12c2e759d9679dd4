using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>Sign: −1, 0 or 1 (NaN stays NaN), float and int64. Piecewise constant, so its gradient is zero, as in PyTorch.</summary>
public sealed class Sign(Node node) : UnaryOperator(node)
{
    protected override bool AcceptsInt64 => true;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = x[i] > 0 ? 1f : x[i] < 0 ? -1f : x[i];
    }

    protected override void ComputeInt64(ReadOnlySpan<long> x, Span<long> y)
    {
        for (int i = 0; i < y.Length; i++) y[i] = Math.Sign(x[i]);
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> saved, Span<float> dx) => dx.Clear();
}
