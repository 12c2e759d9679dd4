using System.Numerics.Tensors;
using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>
/// Selu: y = gamma · (x for x &gt; 0, alpha · (eˣ − 1) otherwise), with the spec's defaults
/// alpha ≈ 1.67326 and gamma ≈ 1.05070 (the self-normalising constants).
/// </summary>
public sealed class Selu(Node node) : UnaryOperator(node)
{
    private readonly float _alpha = node.Attributes.GetFloat("alpha", 1.67326319217681884765625f);
    private readonly float _gamma = node.Attributes.GetFloat("gamma", 1.05070102214813232421875f);

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        // exp of min(x, 0) only: positive inputs are selected away and must not overflow.
        TensorPrimitives.Min(x, 0f, y);
        TensorPrimitives.ExpM1(y, y);
        TensorPrimitives.Multiply(y, _alpha, y);
        Masked.SelectPositive(x, x, y, y);
        TensorPrimitives.Multiply(y, _gamma, y);
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        TensorPrimitives.Min(x, 0f, dx);
        TensorPrimitives.Exp(dx, dx);
        TensorPrimitives.Multiply(dx, _alpha, dx);
        TensorPrimitives.Multiply(dx, g, dx);
        Masked.SelectPositive(x, g, dx, dx);
        TensorPrimitives.Multiply(dx, _gamma, dx);
    }
}

/// <summary>Celu (opset 12): y = max(0, x) + min(0, alpha · (e^(x/alpha) − 1)), alpha 1 by default; dy/dx = 1 above 0, e^(x/alpha) below.</summary>
public sealed class Celu : UnaryOperator
{
    private readonly float _alpha;

    public Celu(Node node) : base(node)
    {
        _alpha = node.Attributes.GetFloat("alpha", 1f);
        if (!(_alpha > 0) || !float.IsFinite(_alpha)) throw Error($"alpha is {_alpha}; it must be positive and finite.");
    }

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        TensorPrimitives.Min(x, 0f, y);
        TensorPrimitives.Divide(y, _alpha, y);
        TensorPrimitives.ExpM1(y, y);
        TensorPrimitives.Multiply(y, _alpha, y);
        Masked.SelectPositive(x, x, y, y);
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        TensorPrimitives.Min(x, 0f, dx);
        TensorPrimitives.Divide(dx, _alpha, dx);
        TensorPrimitives.Exp(dx, dx);
        TensorPrimitives.Multiply(dx, g, dx);
        Masked.SelectPositive(x, g, dx, dx);
    }
}
