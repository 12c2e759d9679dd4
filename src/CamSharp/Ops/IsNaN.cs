using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>IsNaN (opset 9): true where the element is NaN.</summary>
public sealed class IsNaN(Node node) : FloatPredicate(node)
{
    protected override bool Test(float x) => float.IsNaN(x);
}
