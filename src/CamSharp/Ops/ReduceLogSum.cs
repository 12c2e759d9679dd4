using System.Numerics.Tensors;
using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>ReduceLogSum: ln Σx; dx = dy / Σx = dy · e^(−y), so only y is kept.</summary>
public sealed class ReduceLogSum(Node node, int opset) : GroupedReduce(node, opset)
{
    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    protected override float Combine(ReadOnlySpan<float> group) => MathF.Log(TensorPrimitives.Sum(group));

    protected override void GroupGradient(ReadOnlySpan<float> x, float y, float dy, Span<float> dx) => dx.Fill(dy * MathF.Exp(-y));
}

/// <summary>
/// ReduceLogSumExp: ln Σeˣ, computed as m + ln Σe^(x−m) with m the group's maximum so large
/// inputs do not overflow; dx = dy · e^(x−y) (the softmax of the group).
/// </summary>
public sealed class ReduceLogSumExp(Node node, int opset) : GroupedReduce(node, opset)
{
    public override BackwardNeeds Needs => BackwardNeeds.Inputs | BackwardNeeds.Outputs;

    protected override float Combine(ReadOnlySpan<float> group)
    {
        if (group.IsEmpty) return float.NegativeInfinity;
        float m = TensorPrimitives.Max(group);
        if (float.IsInfinity(m)) return m;
        float sum = 0;
        foreach (float v in group) sum += MathF.Exp(v - m);
        return m + MathF.Log(sum);
    }

    protected override void GroupGradient(ReadOnlySpan<float> x, float y, float dy, Span<float> dx)
    {
        TensorPrimitives.Subtract(x, y, dx);
        TensorPrimitives.Exp(dx, dx);
        TensorPrimitives.Multiply(dx, dy, dx);
    }
}
