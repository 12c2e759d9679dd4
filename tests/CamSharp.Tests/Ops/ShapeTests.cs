using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class ShapeTests
{
    [Fact]
    public void Shape_FloatInput_IsConstantAtPlanTime()
    {
        // The data input is not constant, yet the output is: shapes are known when planning.
        var ctx = Infer("Shape", [Seq(2, 3, 4)], constant: [false]);
        EqualLongs(ctx.ConstantOutputs[0]!, [2, 3, 4], 3);
    }

    [Theory]
    [InlineData(1L, long.MaxValue, new long[] { 3, 4, 5 })]
    [InlineData(-1L, long.MaxValue, new long[] { 5 })]
    [InlineData(0L, -2L, new long[] { 2, 3 })]
    [InlineData(-10L, 10L, new long[] { 2, 3, 4, 5 })]
    [InlineData(3L, 1L, new long[0])]
    public void Shape_StartEndOpset15_ClampsLikeSpec(long start, long end, long[] expected)
    {
        var attrs = Attrs(("start", start));
        if (end != long.MaxValue) attrs.Set("end", end);
        EqualLongs(Run("Shape", [Seq(2, 3, 4, 5)], attrs, opset: 15), expected, expected.Length);
    }

    [Fact]
    public void Shape_StartBeforeOpset15_IsIgnored() =>
        EqualLongs(Run("Shape", [Seq(2, 3)], Attrs(("start", 1)), opset: 13), [2, 3], 2);

    [Fact]
    public void Shape_Forward_WritesDims()
    {
        var op = OpTester.Create("Shape", 1);
        var y = Tensor.Uninitialized(DataType.Int64, [2]);
        op.Forward(new CamSharp.Engine.ForwardContext([LongSeq(4, 1)], [y]));
        Assert.Equal([4L, 1L], y.Longs.ToArray());
    }

    [Fact]
    public void Size_Input_IsConstantElementCount()
    {
        var ctx = Infer("Size", [Seq(2, 3, 4)], constant: [false]);
        var size = ctx.ConstantOutputs[0]!;
        Assert.Empty(size.Shape);
        Assert.Equal(24, size.Longs[0]);
    }
}

public class ConstantTests
{
    [Fact]
    public void Constant_ValueTensor_IsTheOutput()
    {
        var value = Tensor.FromFloats([1, 2, 3, 4], 2, 2);
        var ctx = Infer("Constant", [], Attrs(("value", value)));
        Equal(ctx.ConstantOutputs[0]!, [1, 2, 3, 4], 2, 2);
    }

    [Fact]
    public void Constant_ValueFloat_IsFloatScalar()
    {
        var y = Infer("Constant", [], Attrs(("value_float", 2.5f))).ConstantOutputs[0]!;
        Equal(y, [2.5f]);
    }

    [Fact]
    public void Constant_ValueInts_IsInt64Vector() =>
        EqualLongs(Infer("Constant", [], Attrs(("value_ints", new long[] { 1, -1 }))).ConstantOutputs[0]!, [1, -1], 2);

    [Fact]
    public void Constant_ValueInt_IsInt64Scalar() =>
        EqualLongs(Infer("Constant", [], Attrs(("value_int", 7))).ConstantOutputs[0]!, [7]);

    [Fact]
    public void Constant_ValueFloats_IsFloatVector() =>
        Equal(Infer("Constant", [], Attrs(("value_floats", new float[] { 0.5f, 1 }))).ConstantOutputs[0]!, [0.5f, 1], 2);

    [Fact]
    public void Constant_NoValue_Throws() => Fails("Constant", () => OpTester.Create("Constant", 0), "exactly one", "none");

    [Fact]
    public void Constant_TwoValues_Throws() =>
        Fails("Constant", () => OpTester.Create("Constant", 0, attrs: Attrs(("value_int", 1), ("value_float", 1f))), "value_float, value_int");

    [Fact]
    public void Constant_StringValue_IsUnsupported() =>
        Fails("Constant", () => OpTester.Create("Constant", 0, attrs: Attrs(("value_string", "x"))), "not supported");
}
