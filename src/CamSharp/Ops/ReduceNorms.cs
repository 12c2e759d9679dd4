using System.Numerics.Tensors;
using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>ReduceL1: Σ|x| (float or int64); dx = dy · sign(x) (0 at 0, as PyTorch).</summary>
public sealed class ReduceL1(Node node, int opset) : GroupedReduce(node, opset)
{
    protected override float Combine(ReadOnlySpan<float> group) => TensorPrimitives.SumOfMagnitudes(group);

    protected override bool AcceptsInt64 => true;

    protected override long CombineInt64(ReadOnlySpan<long> group)
    {
        long sum = 0;
        foreach (long v in group) sum = unchecked(sum + (v < 0 ? -v : v));
        return sum;
    }

    protected override void GroupGradient(ReadOnlySpan<float> x, float y, float dy, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++) dx[i] = dy * MathF.Sign(x[i]);
    }
}

/// <summary>ReduceL2: √Σx²; dx = dy · x / y (0 where the norm is 0, PyTorch's subgradient).</summary>
public sealed class ReduceL2(Node node, int opset) : GroupedReduce(node, opset)
{
    public override BackwardNeeds Needs => BackwardNeeds.Inputs | BackwardNeeds.Outputs;

    protected override float Combine(ReadOnlySpan<float> group) => MathF.Sqrt(TensorPrimitives.SumOfSquares(group));

    protected override void GroupGradient(ReadOnlySpan<float> x, float y, float dy, Span<float> dx)
    {
        if (y == 0) dx.Clear();
        else TensorPrimitives.Multiply(x, dy / y, dx);
    }
}

/// <summary>ReduceSumSquare: Σx² (float or int64); dx = 2 · dy · x.</summary>
public sealed class ReduceSumSquare(Node node, int opset) : GroupedReduce(node, opset)
{
    protected override float Combine(ReadOnlySpan<float> group) => TensorPrimitives.SumOfSquares(group);

    protected override bool AcceptsInt64 => true;

    protected override long CombineInt64(ReadOnlySpan<long> group)
    {
        long sum = 0;
        foreach (long v in group) sum = unchecked(sum + v * v);
        return sum;
    }

    protected override void GroupGradient(ReadOnlySpan<float> x, float y, float dy, Span<float> dx) =>
        TensorPrimitives.Multiply(x, 2 * dy, dx);
}
