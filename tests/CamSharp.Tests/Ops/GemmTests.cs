using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class GemmTests
{
    private const int M = 5, N = 7, K = 6;

    /// <summary>C shapes that broadcast to M×N (null: no C).</summary>
    public static TheoryData<int[]?> CShapes() => new() { null, Array.Empty<int>(), new[] { N }, new[] { 1, N }, new[] { M, 1 }, new[] { M, N }, new[] { 1, 1 } };

    [Theory]
    [MemberData(nameof(CShapes))]
    public void Forward_AllTransposes_MatchesReference(int[]? cShape)
    {
        var rng = new Random(1);
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
            {
                var inputs = Inputs(rng, transA, transB, cShape);
                var y = OpTester.Run("Gemm", inputs, Attrs(transA, transB, 0.5f, -2f))[0];
                Assert.Equal(new[] { M, N }, y.Shape);
                OpTester.AssertClose(y.Floats, Reference(inputs, transA, transB, 0.5f, -2f));
            }
    }

    [Theory]
    [MemberData(nameof(CShapes))]
    public void Backward_AllInputs_MatchesFiniteDifferences(int[]? cShape)
    {
        var rng = new Random(2);
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
            {
                var inputs = Inputs(rng, transA, transB, cShape);
                var op = OpTester.Create("Gemm", inputs.Length, attrs: Attrs(transA, transB, 1.5f, 0.75f));
                OpTester.CheckGradient(op, inputs, wrt: cShape is null ? [0, 1] : [0, 1, 2]);
            }
    }

    [Fact]
    public void Forward_OneRowClassifierHead_MatchesReference()
    {
        // The shape of a ResNet head (1×512 · (1000×512)ᵀ + bias), which takes the one-row path.
        var rng = new Random(3);
        var inputs = new Tensor?[] { OpTester.RandomTensor(rng, 1, 512), OpTester.RandomTensor(rng, 1000, 512), OpTester.RandomTensor(rng, 1000) };
        var attrs = new Attributes().Set("transB", 1);
        var y = OpTester.Run("Gemm", inputs, attrs, opset: 7)[0];
        OpTester.AssertClose(y.Floats, ReferenceWithSizes(inputs, false, true, 1f, 1f, 1, 1000, 512));
    }

    [Fact]
    public void Forward_ResNet18Head_MatchesPyTorchLogits()
    {
        // fc(avgpool(layer4)): the pooling is done here by hand, the Gemm by the operator.
        var act = Fixtures.Npy("outputs/acts/resnet18__d224__224x224__layer4.npy");
        int channels = act.Shape[1], plane = act.Shape[2] * act.Shape[3];
        var pooled = Tensor.Zeros(1, channels);
        for (int c = 0; c < channels; c++) pooled.Floats[c] = TensorPrimitives.Sum(act.Floats.Slice(c * plane, plane)) / plane;
        var model = OnnxFixture.ResNet18;
        var node = model.Node("/fc/Gemm");
        var inputs = new Tensor?[] { pooled, model.Initializer(node.Input[1]), model.Initializer(node.Input[2]) };
        var y = OpTester.Run("Gemm", inputs, OnnxFixture.AttributesOf(node), constant: [false, true, true])[0];
        var expected = Fixtures.Npy("outputs/logits/resnet18__d224__224x224.npy");
        Assert.Equal(expected.Shape, y.Shape);
        OpTester.AssertClose(y.Floats, expected.Floats, tol: 1e-5);
    }

    [Fact]
    public void Forward_BetaZero_IgnoresC()
    {
        var rng = new Random(4);
        var inputs = Inputs(rng, false, false, [M, N]);
        inputs[2]!.Floats.Fill(float.NaN);
        var y = OpTester.Run("Gemm", inputs, Attrs(false, false, 1f, 0f))[0];
        OpTester.AssertClose(y.Floats, Reference([inputs[0], inputs[1]], false, false, 1f, 0f));
    }

    [Fact]
    public void Infer_InnerDimensionsDiffer_NamesBothShapes()
    {
        var ex = Assert.Throws<ModelException>(() => OpTester.Run("Gemm", [Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)]));
        Assert.Equal("Node '/test/Gemm' (Gemm): A [2, 3] (transA=0) has K = 3, B [4, 5] (transB=0) has K = 4", ex.Message);
    }

    [Fact]
    public void Infer_CDoesNotBroadcast_Throws()
    {
        var ex = Assert.Throws<ModelException>(() => OpTester.Run("Gemm", [Tensor.Zeros(2, 3), Tensor.Zeros(3, 4), Tensor.Zeros(3)]));
        Assert.Contains("C has shape [3], which does not broadcast to [2, 4]", ex.Message);
    }

    private static Attributes Attrs(bool transA, bool transB, float alpha, float beta) =>
        new Attributes().Set("transA", transA ? 1 : 0).Set("transB", transB ? 1 : 0).Set("alpha", alpha).Set("beta", beta);

    private static Tensor?[] Inputs(Random rng, bool transA, bool transB, int[]? cShape)
    {
        var a = transA ? OpTester.RandomTensor(rng, K, M) : OpTester.RandomTensor(rng, M, K);
        var b = transB ? OpTester.RandomTensor(rng, N, K) : OpTester.RandomTensor(rng, K, N);
        return cShape is null ? [a, b] : [a, b, OpTester.RandomTensor(rng, cShape)];
    }

    private static float[] Reference(Tensor?[] inputs, bool transA, bool transB, float alpha, float beta) =>
        ReferenceWithSizes(inputs, transA, transB, alpha, beta, M, N, K);

    private static float[] ReferenceWithSizes(Tensor?[] inputs, bool transA, bool transB, float alpha, float beta, int m, int n, int k)
    {
        var a = inputs[0]!.Floats.ToArray();
        var b = inputs[1]!.Floats.ToArray();
        var c = inputs.Length > 2 ? inputs[2] : null;
        var y = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double)(transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                double cv = 0;
                if (c is not null)
                {
                    int[] cs = c.Shape;
                    int ci = cs.Length == 2 && cs[0] != 1 ? i : 0, cj = cs.Length >= 1 && cs[^1] != 1 ? j : 0;
                    cv = c.Floats[ci * (cs.Length == 0 ? 1 : cs[^1]) + cj];
                }
                y[i * n + j] = (float)(alpha * s + beta * cv);
            }
        return y;
    }
}
