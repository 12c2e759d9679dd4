using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class CastTests
{
    // ONNX TensorProto.DataType codes.
    private const int Float = 1, UInt8 = 2, Int8 = 3, Int16 = 5, Int32 = 6, Int64 = 7, String = 8, Bool = 9, Float16 = 10, Double = 11, UInt32 = 12, BFloat16 = 16, Float8 = 17;

    private static Tensor Cast(Tensor x, int to) => Run1("Cast", [x], new Attributes().Set("to", to));

    [Fact]
    public void FloatToInt32_TruncatesTowardZero()
    {
        var y = Cast(Tensor.FromFloats([1.7f, -1.7f, 2.5f, -0.5f], 4), Int32);
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal([1L, -1, 2, 0], y.Longs.ToArray());
    }

    [Theory]
    [InlineData(UInt8, 300, 44)]
    [InlineData(UInt8, -1, 255)]
    [InlineData(Int8, 200, -56)]
    [InlineData(Int16, 40000, -25536)]
    [InlineData(UInt32, -1, 4294967295)]
    [InlineData(Int64, 5_000_000_000, 5_000_000_000)]
    public void Int64ToNarrowInteger_Wraps(int to, long value, long expected) =>
        Assert.Equal(expected, Cast(Tensor.FromLongs([value], 1), to).Longs[0]);

    [Fact]
    public void FloatToUInt8_TruncatesThenWraps() =>
        Assert.Equal([44L, 255], Cast(Tensor.FromFloats([300.9f, -1.2f], 2), UInt8).Longs.ToArray());

    [Fact]
    public void FloatToFloat16_RoundsToHalfPrecision()
    {
        var y = Cast(Tensor.FromFloats([0.1f, 1.0001f, 65520f, 2049f], 4), Float16);
        Assert.Equal(DataType.Float32, y.Type);
        Assert.Equal([0.0999755859375f, 1f, float.PositiveInfinity, 2048f], y.Floats.ToArray());
    }

    [Fact]
    public void FloatToBFloat16_RoundsToNearestEven()
    {
        var y = Cast(Tensor.FromFloats([1.00390625f, 1.01171875f, -3.14159265f, float.NaN], 4), BFloat16);
        Assert.Equal([1f, 1.015625f, -3.140625f], y.Floats[..3].ToArray());
        Assert.True(float.IsNaN(y.Floats[3]));
    }

    [Theory]
    [InlineData(Float)]
    [InlineData(Double)]
    public void FloatToWideFloat_Unchanged(int to)
    {
        var x = Tensor.FromFloats([0.1f, -7.25f], 2);
        Assert.Equal(x.Floats.ToArray(), Cast(x, to).Floats.ToArray());
    }

    /// <summary>DOUBLE lands in float32, which would round integers above 2^24: refused, not rounded.</summary>
    [Fact]
    public void IntegersToDouble_Throws() =>
        Assert.Contains("DOUBLE", Assert.Throws<CamSharp.Engine.ModelException>(() => Cast(Tensor.FromLongs([(1L << 24) + 1], 1), Double)).Message);

    [Fact]
    public void ToBool_NonZeroAndNaNAreTrue()
    {
        Assert.Equal([false, false, true, true], Cast(Tensor.FromFloats([0, -0f, 2, float.NaN], 4), Bool).Bools.ToArray());
        Assert.Equal([false, true], Cast(Tensor.FromLongs([0, -3], 2), Bool).Bools.ToArray());
    }

    [Fact]
    public void FromBool_OneAndZero()
    {
        var b = Tensor.FromBools([true, false], 2);
        Assert.Equal([1f, 0], Cast(b, Float).Floats.ToArray());
        Assert.Equal([1L, 0], Cast(b, Int64).Longs.ToArray());
        Assert.Equal([true, false], Cast(b, Bool).Bools.ToArray());
    }

    [Fact]
    public void Int64ToFloat_Converts() =>
        Assert.Equal([3f, -2f], Cast(Tensor.FromLongs([3, -2], 2), Float).Floats.ToArray());

    [Theory]
    [InlineData(String)]
    [InlineData(Float8)]
    public void UnsupportedTarget_ErrorNamesNodeAndType(int to)
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Create("Cast", 1, attrs: new Attributes().Set("to", to)));
        Assert.Contains("/test/Cast", e.Message);
        Assert.Contains($"type {to}", e.Message);
    }

    [Fact]
    public void MissingTo_Throws() =>
        Assert.Throws<ModelException>(() => OpTester.Create("Cast", 1));

    [Theory]
    [InlineData(Float)]
    [InlineData(Float16)]
    public void FloatToFloat_GradientPassesThrough(int to)
    {
        var op = OpTester.Create("Cast", 1, attrs: new Attributes().Set("to", to));
        Assert.Equal(BackwardNeeds.None, op.Needs);
        // Finite differences of the float16 rounding are steps; check the pass-through directly.
        var x = OpTester.RandomTensor(new Random(1), 3, 4);
        var g = OpTester.RandomTensor(new Random(2), 3, 4);
        var ctx = new BackwardContext([null], [new TensorInfo(DataType.Float32, [3, 4])], [null], [g], [true]);
        op.Backward(ctx);
        Assert.Equal(g.Floats.ToArray(), ctx.InputGrads[0]!.Floats.ToArray());
        Assert.NotSame(g, ctx.InputGrads[0]);
        if (to == Float) CheckGradient(op, [x], [0]);
    }

    [Fact]
    public void FloatToInt_ZeroGradient()
    {
        var op = OpTester.Create("Cast", 1, attrs: new Attributes().Set("to", Int64));
        var ctx = new BackwardContext([null], [new TensorInfo(DataType.Float32, [2])], [null], [null], [true]);
        op.Backward(ctx);
        Assert.Equal([0f, 0], ctx.InputGrads[0]!.Floats.ToArray());
    }

    [Fact]
    public void CastLike_TakesSecondInputType()
    {
        var y = Run1("CastLike", [Tensor.FromFloats([2.9f, -2.9f], 2), Tensor.FromLongs([0], 1)]);
        Assert.Equal([2L, -2], y.Longs.ToArray());
    }
}
