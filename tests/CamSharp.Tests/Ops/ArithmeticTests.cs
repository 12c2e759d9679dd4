using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class ArithmeticTests
{
    public static TheoryData<string, int[], int[]> Cases()
    {
        var data = new TheoryData<string, int[], int[]>();
        int[][][] shapes =
        [
            [[2, 3, 4], [2, 3, 4]],
            [[2, 3, 4, 5], [1, 3, 1, 1]],
            [[4, 6], []],
            [[1], [3, 5]],
            [[3, 1], [1, 4]],
            [[5], [2, 3, 5]],
            [[2, 1, 3], [4, 1]],
        ];
        foreach (var op in new[] { "Add", "Sub", "Mul", "Div" })
            foreach (var s in shapes) data.Add(op, s[0], s[1]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_Broadcasting_MatchesReference(string opType, int[] sa, int[] sb)
    {
        var rng = new Random(1);
        var a = OpTester.RandomTensor(rng, sa);
        var b = RandomAway(rng, sb, kinks: [0], margin: 0.2f);
        var y = Run1(opType, [a, b]);
        Assert.Equal(ShapeUtil.Broadcast(sa, sb), y.Shape);
        Func<double[], double> f = opType switch
        {
            "Add" => v => v[0] + v[1],
            "Sub" => v => v[0] - v[1],
            "Mul" => v => v[0] * v[1],
            _ => v => v[0] / v[1],
        };
        OpTester.AssertClose(y.Floats, ToFloats(Broadcast(y.Shape, [a, b], f)), 1e-6);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_Broadcasting_MatchesFiniteDifferences(string opType, int[] sa, int[] sb)
    {
        var rng = new Random(2);
        var a = OpTester.RandomTensor(rng, sa);
        var b = RandomAway(rng, sb, kinks: [0], margin: 0.4f);
        var op = OpTester.Create(opType, 2);
        Assert.Equal(opType is "Add" or "Sub" ? BackwardNeeds.None : BackwardNeeds.Inputs, op.Needs);
        CheckGradient(op, [a, b], [0, 1]);
    }

    [Fact]
    public void Mul_ConstantWeight_OnlyActivationGradient()
    {
        var op = OpTester.Create("Mul", 2);
        var x = OpTester.RandomTensor(new Random(3), 2, 4, 3, 3);
        var w = OpTester.RandomTensor(new Random(4), 4, 1, 1);
        CheckGradient(op, [x, w], [0], constant: [false, true]); // also asserts no gradient for w
    }

    [Theory]
    [InlineData("Add", new long[] { 9, 1, 13 })]
    [InlineData("Sub", new long[] { 5, -9, -3 })]
    [InlineData("Mul", new long[] { 14, -20, 40 })]
    [InlineData("Div", new long[] { 3, 0, 0 })]
    public void Int64_Broadcast_ExactIntegerMath(string opType, long[] expected)
    {
        var y = Run1(opType, [Tensor.FromLongs([7, -4, 5], 3), Tensor.FromLongs([2, 5, 8], 3)]);
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal(expected, y.Longs.ToArray());
    }

    [Fact]
    public void Div_Int64_TruncatesTowardZeroWithScalar()
    {
        var y = Run1("Div", [Tensor.FromLongs([7, -7, 6], 3), Tensor.ScalarLong(-2)]);
        Assert.Equal([-3L, 3, -3], y.Longs.ToArray());
    }

    [Fact]
    public void Div_Int64ByZero_ModelException()
    {
        var e = Assert.Throws<ModelException>(() => Run1("Div", [Tensor.FromLongs([1], 1), Tensor.ScalarLong(0)]));
        Assert.Contains("/test/Div", e.Message);
        Assert.Contains("division by zero", e.Message);
    }

    [Fact]
    public void Div_FloatByZero_GivesInfinity()
    {
        var y = Run1("Div", [Tensor.FromFloats([1, -1, 0], 3), Tensor.Scalar(0)]);
        Assert.Equal(float.PositiveInfinity, y.Floats[0]);
        Assert.Equal(float.NegativeInfinity, y.Floats[1]);
        Assert.True(float.IsNaN(y.Floats[2]));
    }

    [Fact]
    public void Add_ShapesDoNotBroadcast_ErrorNamesNodeAndBothShapes()
    {
        var e = Assert.Throws<ModelException>(() => Run1("Add", [Tensor.Zeros(2, 3), Tensor.Zeros(4)]));
        Assert.Contains("/test/Add", e.Message);
        Assert.Contains("[4]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Fact]
    public void Add_MixedTypes_ErrorNamesTypes()
    {
        var e = Assert.Throws<ModelException>(() => Run1("Add", [Tensor.Zeros(2), Tensor.FromLongs([1, 2], 2)]));
        Assert.Contains("Int64", e.Message);
        Assert.Contains("Float32", e.Message);
    }

    [Fact]
    public void Mul_BoolInputs_Throws() =>
        Assert.Throws<ModelException>(() => Run1("Mul", [Tensor.FromBools([true], 1), Tensor.FromBools([true], 1)]));

    [Theory]
    [InlineData("Add")]
    [InlineData("Mul")]
    public void Backward_NoOutputGradient_ZeroGradients(string opType) =>
        AssertZeroGradWithoutOutputGrad(OpTester.Create(opType, 2), [Tensor.FromFloats([1, 2], 2), Tensor.Scalar(3)], [0, 1]);
}
