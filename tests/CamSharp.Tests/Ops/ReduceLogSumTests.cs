using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class ReduceLogSumTests
{
    [Fact]
    public void ReduceLogSum_Axis1_MatchesNumPy()
    {
        var x = Tensor.FromFloats(ReduceNormsTests.Matrix().ToFloatArray().Select(v => MathF.Abs(v) + 0.5f).ToArray(), 3, 4);
        var y = OpTester.Run("ReduceLogSum", [x], new Attributes().Set("axes", new[] { 1 }).Set("keepdims", 0), opset: 13)[0];
        OpTester.AssertClose(y.Floats, [2.1400662f, 2.4849066f, 1.7917595f]);
    }

    [Fact]
    public void ReduceLogSumExp_Axis0_MatchesNumPy()
    {
        var y = OpTester.Run("ReduceLogSumExp", [ReduceNormsTests.Matrix(), Tensor.Vector(0)], new Attributes().Set("keepdims", 0), opset: 18)[0];
        OpTester.AssertClose(y.Floats, [4.0658839f, 2.0658839f, 3.0321536f, 2.6041306f]);
    }

    [Fact]
    public void ReduceLogSumExp_LargeInputs_DoNotOverflow()
    {
        var y = OpTester.Run("ReduceLogSumExp", [Tensor.FromFloats([1000, 1000], 2)], opset: 18)[0];
        OpTester.AssertClose(y.Floats, [1000.6931f]);
    }

    [Fact]
    public void ReduceLogSum_Backward_KeepsOnlyOutput()
    {
        Assert.Equal(BackwardNeeds.Outputs, OpTester.Create("ReduceLogSum", 2, opset: 18).Needs);
    }

    [Theory]
    [InlineData("ReduceLogSum", new[] { 1 })]
    [InlineData("ReduceLogSum", new[] { 0, 2 })]
    [InlineData("ReduceLogSumExp", new[] { 2 })]
    [InlineData("ReduceLogSumExp", new[] { 0, 1 })]
    public void Backward_Random_MatchesFiniteDifferences(string opType, int[] axes)
    {
        var op = OpTester.Create(opType, 2, opset: 18);
        // Positive inputs: ReduceLogSum needs a positive sum.
        var x = ElementwiseTesting.RandomAway(new Random(axes.Sum() + 1), [2, 3, 4], 0.2f, 2);
        ElementwiseTesting.CheckGradient(op, [x, Tensor.Vector(axes.Select(a => (long)a).ToArray())], [0]);
    }
}
