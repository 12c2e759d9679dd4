using System.Numerics.Tensors;
using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>Relu: y = max(x, 0); int64 too (opset 14). The gradient passes where y &gt; 0, so only y is kept.</summary>
internal sealed class Relu(Node node) : UnaryOperator(node)
{
    protected override bool AcceptsInt64 => true;

    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);

    protected override void ComputeInt64(ReadOnlySpan<long> x, Span<long> y) => TensorPrimitives.Max(x, 0L, y);

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> y, Span<float> dx) => Masked.WherePositive(y, g, dx);
}

/// <summary>LeakyRelu: y = x for x &gt; 0, else alpha·x (alpha defaults to 0.01).</summary>
internal sealed class LeakyRelu(Node node) : UnaryOperator(node)
{
    private readonly float _alpha = node.Attributes.GetFloat("alpha", 0.01f);

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        TensorPrimitives.Multiply(x, _alpha, y);
        Masked.SelectPositive(x, x, y, y);
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        TensorPrimitives.Multiply(g, _alpha, dx);
        Masked.SelectPositive(x, g, dx, dx);
    }
}

/// <summary>Elu: y = x for x &gt; 0, else alpha·(eˣ − 1) (alpha defaults to 1).</summary>
internal sealed class Elu(Node node) : UnaryOperator(node)
{
    private readonly float _alpha = node.Attributes.GetFloat("alpha", 1f);

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        // exp of min(x, 0) only: positive inputs are selected away and must not overflow.
        TensorPrimitives.Min(x, 0f, y);
        TensorPrimitives.ExpM1(y, y);
        TensorPrimitives.Multiply(y, _alpha, y);
        Masked.SelectPositive(x, x, y, y);
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        TensorPrimitives.Min(x, 0f, dx);
        TensorPrimitives.Exp(dx, dx);
        TensorPrimitives.Multiply(dx, _alpha, dx);
        TensorPrimitives.Multiply(dx, g, dx);
        Masked.SelectPositive(x, g, dx, dx);
    }
}
