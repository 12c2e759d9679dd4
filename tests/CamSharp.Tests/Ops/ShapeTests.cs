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
}
