using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class InstanceNormalizationTests
{
    private static readonly bool[] ParamsConstant = [false, true, true];

    [Fact]
    public void Forward_RandomInput_NormalisesEachPlane()
    {
        var rng = new Random(4);
        var x = OpTester.RandomTensor(rng, 2, 3, 4, 5);
        var scale = Tensor.FromFloats([1, 2, -1], 3);
        var bias = Tensor.FromFloats([0, 1, 2], 3);
        var y = OpTester.Run("InstanceNormalization", [x, scale, bias], constant: ParamsConstant)[0];
        var (xhat, _, _) = LayerNormalizationTests.Reference(x.ToFloatArray(), 20, 1e-5);
        OpTester.AssertClose(y.Floats, xhat.Select((v, i) => v * scale.Floats[i / 20 % 3] + bias.Floats[i / 20 % 3]).ToArray());
    }

    [Fact]
    public void Backward_RandomInput_MatchesFiniteDifferences()
    {
        var rng = new Random(6);
        Tensor?[] inputs = [OpTester.RandomTensor(rng, 2, 3, 3, 5), OpTester.RandomTensor(rng, 3), OpTester.RandomTensor(rng, 3)];
        OpTester.CheckGradient(OpTester.Create("InstanceNormalization", 3), inputs, [0], eps: 1e-3, constant: ParamsConstant);
    }
}
