using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class ClipTests
{
    private static readonly Tensor X = Tensor.FromFloats([-2, -0.5f, 0.5f, 2], 4);

    [Fact]
    public void Clip_Opset11Inputs_ClampsToBoth()
    {
        var y = Run1("Clip", [X, Tensor.Scalar(-1), Tensor.Scalar(1)], opset: 13);
        Assert.Equal([-1f, -0.5f, 0.5f, 1], y.Floats.ToArray());
    }

    [Fact]
    public void Clip_OnlyMin_NoUpperBound()
    {
        var y = Run1("Clip", [X, Tensor.Scalar(0)], opset: 13);
        Assert.Equal([0f, 0, 0.5f, 2], y.Floats.ToArray());
    }

    [Fact]
    public void Clip_OnlyMax_MissingMinInput()
    {
        var y = Run1("Clip", [X, null, Tensor.Scalar(0)], opset: 13);
        Assert.Equal([-2f, -0.5f, 0, 0], y.Floats.ToArray());
    }

    [Fact]
    public void Clip_MinAboveMax_AllMax()
    {
        var y = Run1("Clip", [X, Tensor.Scalar(1), Tensor.Scalar(-1)], opset: 13);
        Assert.Equal([-1f, -1, -1, -1], y.Floats.ToArray());
    }

    [Fact]
    public void Clip_NoBounds_ClampsInfinityToFloatMax()
    {
        var y = Run1("Clip", [Tensor.FromFloats([float.PositiveInfinity, float.NegativeInfinity, 1], 3)], opset: 13);
        Assert.Equal([float.MaxValue, -float.MaxValue, 1], y.Floats.ToArray());
    }

    [Fact]
    public void Clip_Opset6Attributes_Used()
    {
        var attrs = new Attributes().Set("min", 0f).Set("max", 6f);
        var y = Run1("Clip", [Tensor.FromFloats([-1, 3, 7], 3)], attrs, opset: 6);
        Assert.Equal([0f, 3, 6], y.Floats.ToArray());
    }

    [Fact]
    public void Clip_Opset6DefaultAttributes_AreFloatLimits()
    {
        var y = Run1("Clip", [Tensor.FromFloats([float.PositiveInfinity, -3], 2)], new Attributes().Set("min", -1f), opset: 6);
        Assert.Equal([float.MaxValue, -1], y.Floats.ToArray());
    }

    [Fact]
    public void Clip_Int64_ClampsWithIntegerBounds()
    {
        var y = Run1("Clip", [Tensor.FromLongs([-5, 3, 12], 3), Tensor.ScalarLong(0), Tensor.ScalarLong(10)], opset: 13);
        Assert.Equal([0L, 3, 10], y.Longs.ToArray());
    }

    [Fact]
    public void Clip_NonScalarBound_ErrorNamesBound()
    {
        var e = Assert.Throws<ModelException>(() => Run1("Clip", [X, Tensor.FromFloats([0, 1], 2)], opset: 13));
        Assert.Contains("min has shape [2]", e.Message);
    }

    [Fact]
    public void Clip_BoundTypeMismatch_Throws()
    {
        var e = Assert.Throws<ModelException>(() => Run1("Clip", [X, Tensor.ScalarLong(0)], opset: 13));
        Assert.Contains("Int64", e.Message);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(13)]
    public void Clip_Backward_InputGradientMatchesFiniteDifferences(int opset)
    {
        var attrs = opset < 11 ? new Attributes().Set("min", -0.5f).Set("max", 0.4f) : null;
        var op = OpTester.Create("Clip", opset < 11 ? 1 : 3, attrs: attrs, opset: opset);
        var x = RandomAway(new Random(1), [3, 4, 5], kinks: [-0.5f, 0.4f]);
        Tensor?[] inputs = opset < 11 ? [x] : [x, Tensor.Scalar(-0.5f), Tensor.Scalar(0.4f)];
        CheckGradient(op, inputs, [0], constant: opset < 11 ? null : [false, true, true]);
    }

    [Fact]
    public void Clip_Backward_BoundGradientsMatchFiniteDifferences()
    {
        var op = OpTester.Create("Clip", 3, opset: 13);
        var x = RandomAway(new Random(2), [4, 7], kinks: [-0.3f, 0.6f]);
        CheckGradient(op, [x, Tensor.Scalar(-0.3f), Tensor.FromFloats([0.6f], 1)], [0, 1, 2]);
    }

    [Fact]
    public void Clip_BackwardAtBound_IsZeroLikeReLU6()
    {
        var op = OpTester.Create("Clip", 3, opset: 13);
        var x = Tensor.FromFloats([0f, 3f, 6f], 3);
        Tensor?[] inputs = [x, Tensor.Scalar(0), Tensor.Scalar(6)];
        var infos = inputs.Select(t => (TensorInfo?)new TensorInfo(t!.Type, t.Shape)).ToArray();
        var ctx = new BackwardContext(inputs, infos, OpTester.Run(op, inputs), [Tensor.FromFloats([1, 1, 1], 3)], [true, false, false]);
        op.Backward(ctx);
        Assert.Equal([0f, 1, 0], ctx.InputGrads[0]!.Floats.ToArray());
    }
}
