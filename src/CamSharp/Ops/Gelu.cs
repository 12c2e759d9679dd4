using System.Numerics.Tensors;
using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>Erf; d/dx erf(x) = 2/√π · e^(−x²).</summary>
internal sealed class Erf(Node node) : UnaryOperator(node)
{
    private const float TwoOverSqrtPi = 1.1283791670955126f;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => ErfMath.Erf(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        TensorPrimitives.Multiply(x, x, dx);
        TensorPrimitives.Negate(dx, dx);
        TensorPrimitives.Exp(dx, dx);
        TensorPrimitives.Multiply(dx, TwoOverSqrtPi, dx);
        TensorPrimitives.Multiply(dx, g, dx);
    }
}

/// <summary>
/// Gelu (opset 20): approximate "none" is x·Φ(x) = x/2 · (1 + erf(x/√2)); "tanh" is
/// x/2 · (1 + tanh(√(2/π)·(x + 0.044715x³))).
/// </summary>
internal sealed class Gelu : UnaryOperator
{
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.3989422804014327f;
    private const float SqrtTwoOverPi = 0.7978845608028654f;
    private const float Cubic = 0.044715f;

    private readonly bool _tanh;

    public Gelu(Node node) : base(node)
    {
        var approximate = node.Attributes.GetString("approximate", "none");
        _tanh = approximate switch
        {
            "none" => false,
            "tanh" => true,
            _ => throw Error($"approximate is '{approximate}', expected 'none' or 'tanh'."),
        };
    }

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        // y holds the bracket (1 + erf or 1 + tanh) until the final multiply.
        if (_tanh)
        {
            TanhArgument(x, y, y);
            TensorPrimitives.Tanh(y, y);
        }
        else
        {
            TensorPrimitives.Multiply(x, InvSqrt2, y);
            ErfMath.Erf(y, y);
        }
        TensorPrimitives.Add(y, 1f, y);
        TensorPrimitives.Multiply(y, x, y);
        TensorPrimitives.Multiply(y, 0.5f, y);
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        Span<float> t = stackalloc float[dx.Length];
        if (_tanh)
        {
            // d/dx = (1 + t)/2 + x/2 · (1 − t²) · √(2/π)(1 + 3c·x²), t = tanh(u).
            TanhArgument(x, t, dx);
            TensorPrimitives.Tanh(dx, t);
            TensorPrimitives.Multiply(x, x, dx);
            Elementwise.Affine(dx, 3 * Cubic * SqrtTwoOverPi, SqrtTwoOverPi, dx); // u′
            TensorPrimitives.Multiply(dx, x, dx);
            TensorPrimitives.Multiply(dx, 0.5f, dx);                                      // x/2 · u′
            Span<float> oneMinusT2 = stackalloc float[dx.Length];
            TensorPrimitives.Multiply(t, t, oneMinusT2);
            TensorPrimitives.Subtract(1f, oneMinusT2, oneMinusT2);
            TensorPrimitives.Multiply(dx, oneMinusT2, dx);
            TensorPrimitives.Add(t, 1f, t);
            TensorPrimitives.MultiplyAdd(t, 0.5f, dx, dx);
        }
        else
        {
            // d/dx = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π).
            TensorPrimitives.Multiply(x, x, dx);
            TensorPrimitives.Multiply(dx, -0.5f, dx);
            TensorPrimitives.Exp(dx, dx);
            TensorPrimitives.Multiply(dx, InvSqrt2Pi, dx);
            TensorPrimitives.Multiply(dx, x, dx);                   // x·φ
            TensorPrimitives.Multiply(x, InvSqrt2, t);
            ErfMath.Erf(t, t);
            Elementwise.Affine(t, 0.5f, 0.5f, t);       // Φ
            TensorPrimitives.Add(dx, t, dx);
        }
        TensorPrimitives.Multiply(dx, g, dx);
    }

    /// <summary>u = √(2/π)·(x + c·x³) = x·(√(2/π) + √(2/π)·c·x²), using <paramref name="scratch"/>.</summary>
    private static void TanhArgument(ReadOnlySpan<float> x, Span<float> scratch, Span<float> u)
    {
        TensorPrimitives.Multiply(x, x, scratch);
        Elementwise.Affine(scratch, SqrtTwoOverPi * Cubic, SqrtTwoOverPi, scratch);
        TensorPrimitives.Multiply(scratch, x, u);
    }
}
