using System.Numerics;
using System.Numerics.Tensors;
using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>Sigmoid: y = 1 / (1 + e⁻ˣ); dy/dx = y(1 − y), so only y is kept.</summary>
internal sealed class Sigmoid(Node node) : UnaryOperator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => Tensors.Kernels.Logistic.Sigmoid(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> dx)
    {
        TensorPrimitives.Subtract(1f, y, dx);
        TensorPrimitives.Multiply(dx, y, dx);
        TensorPrimitives.Multiply(dx, g, dx);
    }
}

/// <summary>Tanh; dy/dx = 1 − y², so only y is kept.</summary>
internal sealed class Tanh(Node node) : UnaryOperator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> dx)
    {
        TensorPrimitives.Multiply(y, y, dx);
        TensorPrimitives.Subtract(1f, dx, dx);
        TensorPrimitives.Multiply(dx, g, dx);
    }
}

/// <summary>HardSigmoid: y = clamp(alpha·x + beta, 0, 1), alpha 0.2 and beta 0.5 by default. The slope is alpha where 0 &lt; y &lt; 1.</summary>
internal sealed class HardSigmoid(Node node) : UnaryOperator(node)
{
    private readonly float _alpha = node.Attributes.GetFloat("alpha", 0.2f);
    private readonly float _beta = node.Attributes.GetFloat("beta", 0.5f);

    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        Elementwise.Affine(x, _alpha, _beta, y);
        TensorPrimitives.Clamp(y, 0f, 1f, y);
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> dx) =>
        Masked.WhereBetween(y, 0f, 1f, g, _alpha, dx);
}

/// <summary>HardSwish: y = x · clamp(x/6 + 1/2, 0, 1). Gradient as PyTorch: 0 below −3, x/3 + 1/2 up to 3, 1 above.</summary>
internal sealed class HardSwish(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        Elementwise.Affine(x, 1f / 6, 0.5f, y);
        TensorPrimitives.Clamp(y, 0f, 1f, y);
        TensorPrimitives.Multiply(y, x, y);
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        int n = dx.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> lo = new(-3f), hi = new(3f), third = new(1f / 3), half = new(0.5f);
            for (int w = Vector<float>.Count; i <= n - w; i += w)
            {
                var xv = new Vector<float>(x[i..]);
                var slope = Vector.ConditionalSelect(Vector.GreaterThan(xv, hi), Vector<float>.One, xv * third + half);
                slope = Vector.ConditionalSelect(Vector.LessThan(xv, lo), Vector<float>.Zero, slope);
                (slope * new Vector<float>(g[i..])).CopyTo(dx[i..]);
            }
        }
        for (; i < n; i++) dx[i] = x[i] < -3f ? 0f : x[i] <= 3f ? g[i] * (x[i] / 3 + 0.5f) : g[i];
    }
}

/// <summary>Softplus: y = ln(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so it neither overflows nor loses small values; dy/dx = sigmoid(x).</summary>
internal sealed class Softplus(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        int n = y.Length, i = 0;
        if (Vector.IsHardwareAccelerated)
            for (int w = Vector<float>.Count; i <= n - w; i += w)
            {
                var xv = new Vector<float>(x[i..]);
                var u = Vector.Exp(-Vector.Abs(xv));
                var v = Vector<float>.One + u;
                // log1p(u) = u · ln(v)/(v − 1) corrects the rounding of v = 1 + u; exact u where v rounds to 1.
                var log1p = Vector.ConditionalSelect(Vector.Equals(v, Vector<float>.One), u, u * Vector.Log(v) / (v - Vector<float>.One));
                (Vector.Max(xv, Vector<float>.Zero) + log1p).CopyTo(y[i..]);
            }
        for (; i < n; i++)
        {
            float u = MathF.Exp(-MathF.Abs(x[i]));
            float v = 1f + u;
            y[i] = MathF.Max(x[i], 0f) + (v == 1f ? u : u * MathF.Log(v) / (v - 1f));
        }
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        Tensors.Kernels.Logistic.Sigmoid(x, dx);
        TensorPrimitives.Multiply(dx, g, dx);
    }
}
