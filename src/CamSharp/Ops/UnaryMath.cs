using System.Numerics.Tensors;
using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>Sqrt; dy/dx = 1/(2y), so only y is kept.</summary>
internal sealed class Sqrt(Node node) : UnaryOperator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sqrt(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> dx)
    {
        TensorPrimitives.Divide(g, y, dx);
        TensorPrimitives.Multiply(dx, 0.5f, dx);
    }
}

/// <summary>Exp; dy/dx = y, so only y is kept.</summary>
internal sealed class Exp(Node node) : UnaryOperator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Exp(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> dx) => TensorPrimitives.Multiply(g, y, dx);
}

/// <summary>Log (natural); dy/dx = 1/x.</summary>
internal sealed class Log(Node node) : UnaryOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Log(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx) => TensorPrimitives.Divide(g, x, dx);
}

/// <summary>Reciprocal: y = 1/x; dy/dx = −y², so only y is kept.</summary>
internal sealed class Reciprocal(Node node) : UnaryOperator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Reciprocal(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> dx)
    {
        TensorPrimitives.Multiply(y, y, dx);
        TensorPrimitives.Multiply(dx, g, dx);
        TensorPrimitives.Negate(dx, dx);
    }
}

/// <summary>Neg: y = −x (int64 too); the gradient needs nothing but g.</summary>
internal sealed class Neg(Node node) : UnaryOperator(node)
{
    protected override bool AcceptsInt64 => true;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Negate(x, y);

    protected override void ComputeInt64(ReadOnlySpan<long> x, Span<long> y) => TensorPrimitives.Negate(x, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> saved, Span<float> dx) => TensorPrimitives.Negate(g, dx);
}

/// <summary>Abs (int64 too); dy/dx = sign(x), 0 at 0 as in PyTorch.</summary>
internal sealed class Abs(Node node) : UnaryOperator(node)
{
    protected override bool AcceptsInt64 => true;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Abs(x, y);

    protected override void ComputeInt64(ReadOnlySpan<long> x, Span<long> y)
    {
        // TensorPrimitives.Abs throws on long.MinValue; wrap like C instead.
        for (int i = 0; i < x.Length; i++) y[i] = x[i] < 0 ? unchecked(-x[i]) : x[i];
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx) => Masked.MultiplySign(x, g, dx);
}

/// <summary>
/// Base of the rounding operators: piecewise constant, so their gradient is zero (as in
/// PyTorch) rather than undefined, and gradients can still flow around them.
/// </summary>
internal abstract class RoundingOperator(Node node) : UnaryOperator(node)
{
    public override BackwardNeeds Needs => BackwardNeeds.None;

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> saved, Span<float> dx) => dx.Clear();
}

/// <summary>Floor.</summary>
internal sealed class Floor(Node node) : RoundingOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Floor(x, y);
}

/// <summary>Ceil.</summary>
internal sealed class Ceil(Node node) : RoundingOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Ceiling(x, y);
}

/// <summary>Round: halves go to the even neighbour, as the spec says.</summary>
internal sealed class Round(Node node) : RoundingOperator(node)
{
    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Round(x, MidpointRounding.ToEven, y);
}
