using System.Numerics.Tensors;
using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>Sinh (opset 9); dy/dx = cosh x.</summary>
public sealed class Sinh(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sinh(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        TensorPrimitives.Cosh(x, dx);
        TensorPrimitives.Multiply(dx, g, dx);
    }
}

/// <summary>Cosh (opset 9); dy/dx = sinh x.</summary>
public sealed class Cosh(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Cosh(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        TensorPrimitives.Sinh(x, dx);
        TensorPrimitives.Multiply(dx, g, dx);
    }
}

/// <summary>Asinh (opset 9); dy/dx = 1/√(x² + 1).</summary>
public sealed class Asinh(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Asinh(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx) => Asin.InverseRoot(g, x, 1f, 1f, dx);
}

/// <summary>Acosh (opset 9); dy/dx = 1/√(x² − 1).</summary>
public sealed class Acosh(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Acosh(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx) => Asin.InverseRoot(g, x, 1f, -1f, dx);
}

/// <summary>Atanh (opset 9); dy/dx = 1/(1 − x²).</summary>
public sealed class Atanh(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Atanh(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        TensorPrimitives.Multiply(x, x, dx);
        TensorPrimitives.Subtract(1f, dx, dx);
        TensorPrimitives.Divide(g, dx, dx);
    }
}
