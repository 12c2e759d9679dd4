using System.Numerics.Tensors;
using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>Sin; dy/dx = cos x.</summary>
public sealed class Sin(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sin(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        TensorPrimitives.Cos(x, dx);
        TensorPrimitives.Multiply(dx, g, dx);
    }
}

/// <summary>Cos; dy/dx = −sin x.</summary>
public sealed class Cos(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Cos(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        TensorPrimitives.Sin(x, dx);
        TensorPrimitives.Multiply(dx, g, dx);
        TensorPrimitives.Negate(dx, dx);
    }
}

/// <summary>Tan; dy/dx = 1 + y², so only y is kept.</summary>
public sealed class Tan(Node node) : UnaryOperator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tan(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> dx)
    {
        TensorPrimitives.Multiply(y, y, dx);
        TensorPrimitives.Add(dx, 1f, dx);
        TensorPrimitives.Multiply(dx, g, dx);
    }
}

/// <summary>Asin; dy/dx = 1/√(1 − x²).</summary>
public sealed class Asin(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Asin(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx) => InverseRoot(g, x, -1f, 1f, dx);

    /// <summary>dx = g / √(a·x² + b): the derivatives of Asin, Acos (negated), Asinh and Acosh.</summary>
    internal static void InverseRoot(ReadOnlySpan<float> g, ReadOnlySpan<float> x, float a, float b, Span<float> dx)
    {
        TensorPrimitives.Multiply(x, x, dx);
        Elementwise.Affine(dx, a, b, dx);
        TensorPrimitives.ReciprocalSqrt(dx, dx);
        TensorPrimitives.Multiply(dx, g, dx);
    }
}

/// <summary>Acos; dy/dx = −1/√(1 − x²).</summary>
public sealed class Acos(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Acos(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        Asin.InverseRoot(g, x, -1f, 1f, dx);
        TensorPrimitives.Negate(dx, dx);
    }
}

/// <summary>Atan; dy/dx = 1/(1 + x²).</summary>
public sealed class Atan(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Atan(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        TensorPrimitives.Multiply(x, x, dx);
        TensorPrimitives.Add(dx, 1f, dx);
        TensorPrimitives.Divide(g, dx, dx);
    }
}
