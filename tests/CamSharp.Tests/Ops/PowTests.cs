using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class PowTests
{
    [Fact]
    public void Pow_FloatBroadcast_KnownValues()
    {
        var y = Run1("Pow", [Tensor.FromFloats([2, 9, 4, 3], 2, 2), Tensor.FromFloats([3, 0.5f], 2)]);
        OpTester.AssertClose(y.Floats, [8f, 3, 64, 1.7320508f], 1e-6);
    }

    [Fact]
    public void Pow_Int64Exponent_FloatResult()
    {
        var y = Run1("Pow", [Tensor.FromFloats([-3, 1.5f], 2), Tensor.ScalarLong(2)]);
        Assert.Equal(DataType.Float32, y.Type);
        OpTester.AssertClose(y.Floats, [9f, 2.25f], 1e-6);
    }

    [Fact]
    public void Pow_Int64Both_ExactIntegers()
    {
        var y = Run1("Pow", [Tensor.FromLongs([2, -3, 5, 7], 4), Tensor.FromLongs([10, 3, 0, 1], 4)]);
        Assert.Equal([1024L, -27, 1, 7], y.Longs.ToArray());
    }

    [Fact]
    public void Pow_Int64BaseFloatExponent_TruncatedToBaseType()
    {
        var y = Run1("Pow", [Tensor.FromLongs([9, 10], 2), Tensor.Scalar(0.5f)]);
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal([3L, 3], y.Longs.ToArray());
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, new[] { 3, 4 })]
    [InlineData(new[] { 2, 3, 4 }, new int[0])]
    [InlineData(new[] { 3, 1 }, new[] { 1, 5 })]
    [InlineData(new[] { 4 }, new[] { 2, 3, 4 })]
    public void Pow_Backward_BothInputsMatchFiniteDifferences(int[] sa, int[] sb)
    {
        var rng = new Random(1);
        var a = RandomAway(rng, sa, lo: 0.5f, hi: 2f);
        var b = RandomAway(rng, sb, lo: -1.5f, hi: 2.5f);
        CheckGradient(OpTester.Create("Pow", 2), [a, b], [0, 1]);
    }

    [Fact]
    public void Pow_Backward_Int64ExponentConstant_BaseGradient()
    {
        var a = RandomAway(new Random(2), [2, 5], lo: -2, hi: 2);
        CheckGradient(OpTester.Create("Pow", 2), [a, Tensor.ScalarLong(3)], [0]);
    }

    [Fact]
    public void Pow_BackwardAtZeroBase_FollowsPyTorchMasks()
    {
        var op = OpTester.Create("Pow", 2);
        var a = Tensor.FromFloats([0, 0, 2], 3);
        var b = Tensor.FromFloats([0, 2, 0], 3);
        Tensor?[] inputs = [a, b];
        var infos = inputs.Select(t => (TensorInfo?)new TensorInfo(t!.Type, t.Shape)).ToArray();
        var ctx = new BackwardContext(inputs, infos, OpTester.Run(op, inputs), [Tensor.FromFloats([1, 1, 1], 3)], [true, true]);
        op.Backward(ctx);
        Assert.Equal([0f, 0, 0], ctx.InputGrads[0]!.Floats.ToArray());             // b = 0 → 0, 2·0¹ = 0
        OpTester.AssertClose(ctx.InputGrads[1]!.Floats, [0f, 0, 0.6931472f], 1e-6); // a = 0, b ≥ 0 → 0; 2⁰·ln 2
    }

    [Fact]
    public void Pow_BoolBase_Throws() =>
        Assert.Throws<ModelException>(() => Run1("Pow", [Tensor.FromBools([true], 1), Tensor.Scalar(2)]));
}
