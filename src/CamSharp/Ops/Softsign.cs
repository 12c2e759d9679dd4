using System.Numerics.Tensors;
using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>Softsign: y = x / (1 + |x|); dy/dx = 1 / (1 + |x|)².</summary>
public sealed class Softsign(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        TensorPrimitives.Abs(x, y);
        TensorPrimitives.Add(y, 1f, y);
        TensorPrimitives.Divide(x, y, y);
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        TensorPrimitives.Abs(x, dx);
        TensorPrimitives.Add(dx, 1f, dx);
        TensorPrimitives.Multiply(dx, dx, dx);
        TensorPrimitives.Divide(g, dx, dx);
    }
}
