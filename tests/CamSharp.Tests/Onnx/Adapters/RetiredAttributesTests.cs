using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Onnx.Adapters.AdapterTesting;

namespace CamSharp.Tests.Onnx.Adapters;

public class RetiredAttributesTests
{
    private static ModelBuilder BatchNorm(long isTest)
    {
        var b = new ModelBuilder(opset: 6).Input("x", 1, 1, 2, 1, 1).Output("y", 1, 1, 2, 1, 1);
        b.Initializer(ModelBuilder.Floats("scale", [2, 3], 2)).Initializer(ModelBuilder.Floats("bias", [1, 1], 2))
            .Initializer(ModelBuilder.Floats("mean", [0, 1], 2)).Initializer(ModelBuilder.Floats("var", [1, 4], 2));
        b.Node("BatchNormalization", "bn", ["x", "scale", "bias", "mean", "var"], ["y"]).Int("is_test", isTest).Float("epsilon", 0f)
            .Ints("consumed_inputs", 0, 0, 0, 1, 1);
        return b;
    }

    [Fact]
    public void Adapt_BatchNormalizationIsTest_RunsInInferenceMode()
    {
        var model = Load(BatchNorm(1));
        Assert.Equal(7, model.Onnx.Opset);
        Assert.Equal(6, model.Onnx.FileOpset);
        Assert.False(model.Onnx.Nodes[0].Attributes.Has("is_test"));
        Assert.False(model.Onnx.Nodes[0].Attributes.Has("consumed_inputs"));
        var y = model.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloats([1, 3], 1, 2, 1, 1) })[0];
        Assert.Equal([3f, 4], y.Floats.ToArray()); // (1-0)/1*2+1, (3-1)/2*3+1
    }

    [Fact]
    public void Adapt_BatchNormalizationTrainingMode_IsRefused() =>
        Assert.Contains("is_test=0", Assert.ThrowsAny<ModelException>(() => Load(BatchNorm(0))).Message);
}
