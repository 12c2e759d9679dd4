using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class ComparisonTests
{
    private static readonly Tensor A = Tensor.FromFloats([1, 2, 3, float.NaN], 4);
    private static readonly Tensor B = Tensor.Scalar(2);

    [Theory]
    [InlineData("Equal", new[] { false, true, false, false })]
    [InlineData("Greater", new[] { false, false, true, false })]
    [InlineData("Less", new[] { true, false, false, false })]
    [InlineData("GreaterOrEqual", new[] { false, true, true, false })]
    [InlineData("LessOrEqual", new[] { true, true, false, false })]
    public void Float_AgainstScalar_NaNComparesFalse(string opType, bool[] expected)
    {
        var y = Run1(opType, [A, B]);
        Assert.Equal(DataType.Bool, y.Type);
        Assert.Equal(expected, y.Bools.ToArray());
    }

    [Theory]
    [InlineData("Equal")]
    [InlineData("Greater")]
    [InlineData("LessOrEqual")]
    public void Int64_Broadcast_MatchesReference(string opType)
    {
        var a = Tensor.FromLongs([1, 5, 3, 4, 2, 6], 2, 3);
        var b = Tensor.FromLongs([3, 5, 2], 3);
        var y = Run1(opType, [a, b]);
        Func<double[], double> f = opType switch
        {
            "Equal" => v => v[0] == v[1] ? 1 : 0,
            "Greater" => v => v[0] > v[1] ? 1 : 0,
            _ => v => v[0] <= v[1] ? 1 : 0,
        };
        Assert.Equal(Broadcast([2, 3], [a, b], f).Select(v => v != 0).ToArray(), y.Bools.ToArray());
    }

    [Fact]
    public void Equal_Bool_ComparesValues()
    {
        var y = Run1("Equal", [Tensor.FromBools([true, false, true], 3), Tensor.FromBools([true], 1)]);
        Assert.Equal([true, false, true], y.Bools.ToArray());
    }

    [Fact]
    public void Greater_Bool_Throws() =>
        Assert.Throws<ModelException>(() => Run1("Greater", [Tensor.FromBools([true], 1), Tensor.FromBools([true], 1)]));

    [Fact]
    public void Less_MixedTypes_Throws() =>
        Assert.Throws<ModelException>(() => Run1("Less", [A, Tensor.ScalarLong(1)]));

    [Theory]
    [InlineData("Equal")]
    [InlineData("Less")]
    public void Comparisons_AreNotDifferentiable(string opType) =>
        Assert.False(OpTester.Create(opType, 2).IsDifferentiable);
}
