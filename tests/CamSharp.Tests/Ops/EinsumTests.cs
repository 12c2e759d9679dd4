using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;
using static CamSharp.Tests.Ops.SineTensors;

namespace CamSharp.Tests.Ops;

public class EinsumTests
{
    private static Tensor Einsum(string equation, params Tensor[] inputs) =>
        OpTester.Run("Einsum", inputs, Attrs(("equation", equation)), constant: inputs.Select(_ => false).ToArray())[0];

    private static void Gradient(string equation, params Tensor[] inputs) =>
        ElementwiseTesting.CheckGradient(OpTester.Create("Einsum", inputs.Length, attrs: Attrs(("equation", equation))), inputs,
            Enumerable.Range(0, inputs.Length).ToArray());

    [Fact]
    public void Einsum_BatchMatMul_MatchesLoops()
    {
        var a = Sine([2, 3, 4]);
        var b = Sine([2, 4, 5], 1);
        var y = Einsum("bij,bjk->bik", a, b);
        Assert.Equal([2, 3, 5], y.Shape);
        var expected = new float[2 * 3 * 5];
        for (int n = 0; n < 2; n++)
            for (int i = 0; i < 3; i++)
                for (int k = 0; k < 5; k++)
                {
                    double s = 0;
                    for (int j = 0; j < 4; j++) s += a.Floats[(n * 3 + i) * 4 + j] * b.Floats[(n * 4 + j) * 5 + k];
                    expected[(n * 3 + i) * 5 + k] = (float)s;
                }
        OpTester.AssertClose(y.Floats, expected);
    }

    [Fact]
    public void Einsum_Implicit_OutputIsSortedSingleLetters()
    {
        // "ji,jk" → letters used once, in order: "ik".
        var a = Sine([3, 2]);
        var b = Sine([3, 4], 0.5);
        var y = Einsum("ji,jk", a, b);
        Assert.Equal([2, 4], y.Shape);
        float expected = 0;
        for (int j = 0; j < 3; j++) expected += a.Floats[j * 2 + 1] * b.Floats[j * 4 + 2];
        Assert.Equal(expected, y.Floats[1 * 4 + 2], 5);
    }

    [Fact]
    public void Einsum_Trace_SumsTheDiagonal()
    {
        var y = Einsum("ii->", Seq(3, 3));
        Assert.Empty(y.Shape);
        Assert.Equal(0f + 4 + 8, y.Floats[0]);
    }

    [Fact]
    public void Einsum_BatchDiagonalWithEllipsis_TakesDiagonals()
    {
        // ONNX's test_einsum_batch_diagonal: "...ii ->...i".
        var y = Einsum("...ii ->...i", Seq(2, 3, 3));
        EqualFloats(y, [0, 4, 8, 9, 13, 17], 2, 3);
    }

    [Fact]
    public void Einsum_TransposeAndSum_Work()
    {
        EqualFloats(Einsum("ij->ji", Seq(2, 3)), [0, 3, 1, 4, 2, 5], 3, 2);
        EqualFloats(Einsum("ij->i", Seq(2, 3)), [3, 12], 2);
    }

    [Fact]
    public void Einsum_OuterProductOfThree_Contracts()
    {
        var y = Einsum("i,j,k->ijk", Floats([1, 2], 2), Floats([3, 4, 5], 3), Floats([10, 100], 2));
        Assert.Equal([2, 3, 2], y.Shape);
        Assert.Equal(2f * 5 * 100, y.Floats[(1 * 3 + 2) * 2 + 1]);
    }

    [Fact]
    public void Einsum_SizesDisagree_Throws() =>
        Fails("Einsum", () => Einsum("ij,jk->ik", Seq(2, 3), Seq(4, 2)), "input 1 axis 0 has size 4");

    [Fact]
    public void Einsum_TermDoesNotFitRank_Throws() =>
        Fails("Einsum", () => Einsum("ijk->i", Seq(2, 3)), "does not fit input 0 of rank 2");

    [Fact]
    public void Einsum_OutputLetterInNoInput_Throws() =>
        Fails("Einsum", () => Einsum("ij->iz", Seq(2, 3)), "output letter 'z'");

    [Fact]
    public void Einsum_BatchMatMulGradient_MatchesFiniteDifferences() =>
        Gradient("bij,bjk->bik", Sine([2, 2, 3]), Sine([2, 3, 2], 1));

    [Fact]
    public void Einsum_DiagonalAndBroadcastGradient_MatchesFiniteDifferences() =>
        // i repeats in the first input (a diagonal); k is summed away from the second only.
        Gradient("iij,jk->ij", Sine([3, 3, 2]), Sine([2, 4], 0.3));

    [Fact]
    public void Einsum_AttentionStyleGradient_MatchesFiniteDifferences() =>
        Gradient("bhqd,bhkd->bhqk", Sine([1, 2, 3, 2]), Sine([1, 2, 4, 2], 0.7));

    private static void EqualFloats(Tensor actual, float[] expected, params int[] shape)
    {
        Assert.Equal(shape, actual.Shape);
        OpTester.AssertClose(actual.Floats, expected);
    }
}
