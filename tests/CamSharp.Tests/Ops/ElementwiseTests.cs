using CamSharp.Engine;
using CamSharp.Ops;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class ElementwiseTests
{
    [Theory]
    [InlineData("Relu"), InlineData("LeakyRelu"), InlineData("Elu"), InlineData("Sigmoid"), InlineData("Tanh")]
    [InlineData("HardSigmoid"), InlineData("HardSwish"), InlineData("Softplus"), InlineData("Erf"), InlineData("Gelu")]
    [InlineData("Clip"), InlineData("Add"), InlineData("Sub"), InlineData("Mul"), InlineData("Div"), InlineData("Pow")]
    [InlineData("Sqrt"), InlineData("Exp"), InlineData("Log"), InlineData("Neg"), InlineData("Abs"), InlineData("Reciprocal")]
    [InlineData("Min"), InlineData("Max"), InlineData("Sum"), InlineData("Mean"), InlineData("Where")]
    [InlineData("Equal"), InlineData("Greater"), InlineData("Less"), InlineData("GreaterOrEqual"), InlineData("LessOrEqual")]
    [InlineData("Not"), InlineData("And"), InlineData("Or"), InlineData("Xor"), InlineData("Cast"), InlineData("CastLike")]
    [InlineData("Identity"), InlineData("Dropout"), InlineData("Floor"), InlineData("Ceil"), InlineData("Round")]
    public void Registry_ListsOperator(string opType) => Assert.True(OperatorRegistry.IsSupported(opType));

    [Fact]
    public void ReduceTo_SameShape_ReturnsSameTensor()
    {
        var t = Tensor.FromFloats([1, 2], 2);
        Assert.Same(t, Elementwise.ReduceTo(t, [2]));
    }

    [Fact]
    public void ReduceTo_BroadcastShape_Sums()
    {
        var t = Tensor.FromFloats([1, 2, 3, 4], 2, 2);
        Assert.Equal([4f, 6], Elementwise.ReduceTo(t, [1, 2]).Floats.ToArray());
    }

    [Fact]
    public void Map_LargeTensor_CoversEveryElement()
    {
        int n = ParallelChunks.MinChunk * 3 + Elementwise.Block + 7;
        var x = Tensor.FromFloats(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), n);
        var y = Tensor.Uninitialized(DataType.Float32, [n]);
        Elementwise.Map(x, y, (a, b) =>
        {
            Assert.True(a.Length <= Elementwise.Block);
            for (int i = 0; i < a.Length; i++) b[i] = a[i] + 1;
        });
        var expected = Enumerable.Range(1, n).Select(i => (float)i).ToArray();
        Assert.True(expected.AsSpan().SequenceEqual(y.Floats));
    }

    [Fact]
    public void Affine_ScalesAndShifts()
    {
        var d = new float[3];
        Elementwise.Affine([1f, 2, 3], 2f, -1f, d);
        Assert.Equal([1f, 3, 5], d);
    }
}
