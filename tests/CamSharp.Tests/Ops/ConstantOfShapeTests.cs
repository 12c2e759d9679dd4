using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class ConstantOfShapeTests
{
    [Fact]
    public void ConstantOfShape_NoValue_GivesFloatZeros()
    {
        var y = Run("ConstantOfShape", [Longs(2, 3)]);
        Equal(y, new float[6], 2, 3);
    }

    [Fact]
    public void ConstantOfShape_Int64Value_FillsWithIt()
    {
        var y = Run("ConstantOfShape", [Longs(3)], Attrs(("value", Tensor.FromLongs([-4], 1))));
        EqualLongs(y, [-4, -4, -4], 3);
    }

    [Fact]
    public void ConstantOfShape_EmptyShape_GivesScalar()
    {
        var y = Run("ConstantOfShape", [Tensor.FromLongs([], 0)], Attrs(("value", Tensor.FromFloats([1.5f], 1))));
        Equal(y, [1.5f]);
    }

    [Fact]
    public void ConstantOfShape_BoolValue_FillsWithIt() =>
        Assert.Equal([true, true], Run("ConstantOfShape", [Longs(2)], Attrs(("value", Tensor.FromBools([true], 1)))).Bools.ToArray());

    [Fact]
    public void ConstantOfShape_NegativeDim_Throws() =>
        Fails("ConstantOfShape", () => Run("ConstantOfShape", [Longs(2, -1)]), "-1");

    [Fact]
    public void ConstantOfShape_ValueWithTwoElements_Throws() =>
        Fails("ConstantOfShape", () => OpTester.Create("ConstantOfShape", 1, attrs: Attrs(("value", Tensor.FromFloats([1, 2], 2)))), "one element");
}
