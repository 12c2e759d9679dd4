using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class HardmaxTests
{
    private static Tensor Input() => Tensor.FromFloats([3, 1, 3, 0, 2, 5, -1, 5, 4, 0, 1, 2], 2, 2, 3);

    [Fact]
    public void Opset13_DefaultLastAxis_FirstMaximumWins()
    {
        var y = OpTester.Run("Hardmax", [Input()], opset: 13)[0];
        Assert.Equal([1f, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1], y.Floats.ToArray());
    }

    [Fact]
    public void Opset13_Axis1_AlongRows()
    {
        var y = OpTester.Run("Hardmax", [Input()], new Attributes().Set("axis", 1), opset: 13)[0];
        Assert.Equal([1f, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0], y.Floats.ToArray());
    }

    [Fact]
    public void Opset11_DefaultAxis1_CoercesTo2D()
    {
        // Each sample's 6 values form one row.
        var y = OpTester.Run("Hardmax", [Input()], opset: 11)[0];
        Assert.Equal([0f, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0], y.Floats.ToArray());
    }

    [Fact]
    public void Backward_IsZero()
    {
        var op = OpTester.Create("Hardmax", 1, opset: 13);
        Assert.True(op.IsDifferentiable);
        ElementwiseTesting.CheckGradient(op, [Tensor.FromFloats(PoolReference.DistinctValues(new Random(1), 12), 3, 4)], [0]);
    }
}
