using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class VariadicTests
{
    private static Tensor[] ThreeInputs(int seed)
    {
        var rng = new Random(seed);
        return [OpTester.RandomTensor(rng, 2, 1, 4), OpTester.RandomTensor(rng, 3, 1), OpTester.RandomTensor(rng, 4)];
    }

    [Theory]
    [InlineData("Sum")]
    [InlineData("Mean")]
    [InlineData("Max")]
    [InlineData("Min")]
    public void Forward_ThreeBroadcastInputs_MatchesReference(string opType)
    {
        var inputs = ThreeInputs(1);
        var y = Run1(opType, inputs);
        Assert.Equal([2, 3, 4], y.Shape);
        Func<double[], double> f = opType switch
        {
            "Sum" => v => v.Sum(),
            "Mean" => v => v.Average(),
            "Max" => v => v.Max(),
            _ => v => v.Min(),
        };
        OpTester.AssertClose(y.Floats, ToFloats(Broadcast(y.Shape, inputs, f)), 1e-6);
    }

    [Theory]
    [InlineData("Sum")]
    [InlineData("Mean")]
    [InlineData("Max")]
    [InlineData("Min")]
    public void Forward_SingleInput_Copies(string opType)
    {
        var x = Tensor.FromFloats([1, -2, 3], 3);
        Assert.Equal(x.Floats.ToArray(), Run1(opType, [x]).Floats.ToArray());
    }

    [Theory]
    [InlineData("Sum")]
    [InlineData("Mean")]
    [InlineData("Max")]
    [InlineData("Min")]
    public void Backward_ThreeBroadcastInputs_MatchesFiniteDifferences(string opType) =>
        CheckGradient(OpTester.Create(opType, 3), ThreeInputs(2), [0, 1, 2]);

    [Fact]
    public void Max_TiedInputs_SplitGradientEvenly()
    {
        var op = OpTester.Create("Max", 2);
        Tensor?[] inputs = [Tensor.FromFloats([1, 2], 2), Tensor.FromFloats([1, 1], 2)];
        var infos = inputs.Select(t => (TensorInfo?)new TensorInfo(t!.Type, t.Shape)).ToArray();
        var ctx = new BackwardContext(inputs, infos, OpTester.Run(op, inputs), [Tensor.FromFloats([4, 4], 2)], [true, true]);
        op.Backward(ctx);
        Assert.Equal([2f, 4], ctx.InputGrads[0]!.Floats.ToArray());
        Assert.Equal([2f, 0], ctx.InputGrads[1]!.Floats.ToArray());
    }

    [Fact]
    public void Max_NaN_Propagates()
    {
        var y = Run1("Max", [Tensor.FromFloats([float.NaN, 1], 2), Tensor.FromFloats([0, float.NaN], 2)]);
        Assert.True(float.IsNaN(y.Floats[0]) && float.IsNaN(y.Floats[1]));
    }

    [Theory]
    [InlineData("Max", new long[] { 5, 3, 9 })]
    [InlineData("Min", new long[] { 1, -2, 4 })]
    [InlineData("Sum", new long[] { 6, 1, 13 })]
    public void Int64_ExactIntegerMath(string opType, long[] expected)
    {
        var y = Run1(opType, [Tensor.FromLongs([5, -2, 9], 3), Tensor.FromLongs([1, 3, 4], 3)]);
        Assert.Equal(expected, y.Longs.ToArray());
    }

    [Fact]
    public void Mean_Int64_Throws() =>
        Assert.Throws<ModelException>(() => Run1("Mean", [Tensor.FromLongs([1], 1), Tensor.FromLongs([2], 1)]));

    [Fact]
    public void Sum_IncompatibleShapes_ErrorNamesInput()
    {
        var e = Assert.Throws<ModelException>(() => Run1("Sum", [Tensor.Zeros(3), Tensor.Zeros(3), Tensor.Zeros(2)]));
        Assert.Contains("input 2 shape [2]", e.Message);
    }
}
