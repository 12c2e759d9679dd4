using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class MatMulTests
{
    public static TheoryData<int[], int[], int[]> Shapes() => new()
    {
        { [3, 4], [4, 5], [3, 5] },
        { [4], [4, 5], [5] },
        { [3, 4], [4], [3] },
        { [4], [4], [] },
        { [2, 3, 4], [4, 5], [2, 3, 5] },
        { [2, 3, 4], [1, 4, 5], [2, 3, 5] },
        { [2, 1, 3, 4], [3, 4, 5], [2, 3, 3, 5] },
        { [3, 4], [2, 4, 5], [2, 3, 5] },
        { [2, 3, 4], [2, 4, 5], [2, 3, 5] },
        { [4], [2, 4, 5], [2, 5] },
        { [2, 3, 4], [4], [2, 3] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_NumPySemantics_MatchesReference(int[] aShape, int[] bShape, int[] expectedShape)
    {
        var rng = new Random(aShape.Length * 10 + bShape.Length);
        var a = OpTester.RandomTensor(rng, aShape);
        var b = OpTester.RandomTensor(rng, bShape);
        var y = OpTester.Run("MatMul", [a, b])[0];
        Assert.Equal(expectedShape, y.Shape);
        OpTester.AssertClose(y.Floats, Reference(a, b));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_BothInputs_MatchesFiniteDifferences(int[] aShape, int[] bShape, int[] expectedShape)
    {
        var rng = new Random(expectedShape.Length + 3);
        var inputs = new Tensor?[] { OpTester.RandomTensor(rng, aShape), OpTester.RandomTensor(rng, bShape) };
        OpTester.CheckGradient(OpTester.Create("MatMul", 2), inputs, wrt: [0, 1]);
    }

    [Fact]
    public void Forward_ManySmallProducts_MatchesReference()
    {
        // Attention-like: 8 heads, each too small to split, so heads run side by side.
        var rng = new Random(12);
        var a = OpTester.RandomTensor(rng, 2, 4, 40, 32);
        var b = OpTester.RandomTensor(rng, 2, 4, 32, 48);
        var y = OpTester.Run("MatMul", [a, b])[0];
        Assert.Equal(new[] { 2, 4, 40, 48 }, y.Shape);
        OpTester.AssertClose(y.Floats, Reference(a, b));
    }

    [Fact]
    public void Backward_OnlyA_GivesNoGradientForB()
    {
        var rng = new Random(9);
        var inputs = new Tensor?[] { OpTester.RandomTensor(rng, 2, 3, 4), OpTester.RandomTensor(rng, 4, 5) };
        var op = OpTester.Create("MatMul", 2);
        var y = OpTester.Run(op, inputs);
        var infos = inputs.Select(t => (TensorInfo?)new TensorInfo(t!.Type, t.Shape)).ToArray();
        var ctx = new BackwardContext(inputs, infos, y, [Tensor.Zeros(2, 3, 5)], [true, false]);
        op.Backward(ctx);
        Assert.NotNull(ctx.InputGrads[0]);
        Assert.Null(ctx.InputGrads[1]);
    }

    [Fact]
    public void Infer_InnerDimensionsDiffer_NamesBothShapes()
    {
        var ex = Assert.Throws<ModelException>(() => OpTester.Run("MatMul", [Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)]));
        Assert.Equal("Node '/test/MatMul' (MatMul): A [2, 3] has K = 3, B [4, 5] has K = 4", ex.Message);
    }

    [Fact]
    public void Infer_BatchDimsDoNotBroadcast_Throws()
    {
        var ex = Assert.Throws<ModelException>(() => OpTester.Run("MatMul", [Tensor.Zeros(2, 3, 4), Tensor.Zeros(3, 4, 5)]));
        Assert.Contains("batch dims [2] of A and [3] of B do not broadcast", ex.Message);
    }

    /// <summary>np.matmul by definition: promote 1-D operands, broadcast batch indices, sum over K in double.</summary>
    private static float[] Reference(Tensor a, Tensor b)
    {
        int[] sa = a.Rank == 1 ? [1, a.Shape[0]] : a.Shape, sb = b.Rank == 1 ? [b.Shape[0], 1] : b.Shape;
        int m = sa[^2], k = sa[^1], n = sb[^1];
        int rank = Math.Max(sa.Length, sb.Length) - 2;
        int[] PadBatch(int[] s) => Enumerable.Repeat(1, rank - (s.Length - 2)).Concat(s[..^2]).ToArray();
        int[] ba = PadBatch(sa), bb = PadBatch(sb);
        int[] batch = ba.Zip(bb, Math.Max).ToArray();
        int count = batch.Aggregate(1, (x, y) => x * y);
        var result = new List<float>();
        for (int t = 0; t < count; t++)
        {
            int rest = t, ia = 0, ib = 0;
            for (int d = rank - 1, strideA = 1, strideB = 1; d >= 0; d--)
            {
                int idx = rest % batch[d];
                rest /= batch[d];
                ia += (ba[d] == 1 ? 0 : idx) * strideA;
                ib += (bb[d] == 1 ? 0 : idx) * strideB;
                strideA *= ba[d];
                strideB *= bb[d];
            }
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += (double)a.Floats[ia * m * k + i * k + p] * b.Floats[ib * k * n + p * n + j];
                    result.Add((float)s);
                }
        }
        return result.ToArray();
    }
}
