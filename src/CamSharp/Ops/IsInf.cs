using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>IsInf (opset 10): true at +∞ when detect_positive (default 1) and at −∞ when detect_negative (default 1).</summary>
public sealed class IsInf(Node node) : FloatPredicate(node)
{
    private readonly bool _positive = node.Attributes.GetInt("detect_positive", 1) != 0;
    private readonly bool _negative = node.Attributes.GetInt("detect_negative", 1) != 0;

    protected override bool Test(float x) => (_positive && float.IsPositiveInfinity(x)) || (_negative && float.IsNegativeInfinity(x));
}
