using CamSharp.Explain;
using CamSharp.Tests.Onnx;
using Xunit;

namespace CamSharp.Tests.Explain;

public sealed class LogitOutputsTests
{
    [Fact]
    public void Find_OutputWrittenBySoftmaxThroughIdentity_GivesTheSoftmaxInput()
    {
        var model = SoftmaxClassifier.Build(softmax: true, identityAfter: true);
        Assert.Equal(["logits"], LogitOutputs.Find(model.Graph)!);
    }

    [Fact]
    public void Find_NoSoftmaxAtTheEnd_IsNull()
    {
        var model = SoftmaxClassifier.Build(softmax: false);
        Assert.Null(LogitOutputs.Find(model.Graph));
        Assert.Null(LogitOutputs.SessionFor(model));
    }

    [Fact]
    public void SessionFor_SoftmaxModel_OutputsTheLogits()
    {
        var withSoftmax = SoftmaxClassifier.Build(softmax: true);
        var plain = SoftmaxClassifier.Build(softmax: false);
        using var x = SoftmaxClassifier.Input();
        using var logits = LogitOutputs.SessionFor(withSoftmax)!.Run(x);
        using var expected = plain.Session.Run(x);
        Assert.Equal(expected.Outputs[0].Floats.ToArray(), logits.Outputs[0].Floats.ToArray());
        // The model's own session still gives probabilities.
        using var probabilities = withSoftmax.Session.Run(x);
        Assert.Equal(1f, probabilities.Outputs[0].Floats.ToArray().Sum(), 4);
    }
}

/// <summary>
/// A tiny classifier, x [1, 2, 5, 5] → 1×1 Conv → Relu ('features') → global average → MatMul + bias
/// ('logits'), optionally ending in a Softmax ('prob'); the same seeded weights either way.
/// </summary>
internal static class SoftmaxClassifier
{
    public const string Features = "features";

    public static Model Build(bool softmax, bool identityAfter = false)
    {
        var random = new Random(5);
        float[] Weights(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var b = new ModelBuilder().Input("x", 1, 1, 2, 5, 5).Output(identityAfter ? "out" : softmax ? "prob" : "logits", 1, 1, 3);
        b.Initializer(ModelBuilder.Floats("conv.w", Weights(8), 4, 2, 1, 1));
        b.Initializer(ModelBuilder.Floats("conv.b", Weights(4), 4));
        b.Initializer(ModelBuilder.Floats("fc.w", Weights(12), 4, 3));
        b.Initializer(ModelBuilder.Floats("fc.b", Weights(3), 3));
        b.Node("Conv", "/conv/Conv", ["x", "conv.w", "conv.b"], ["conv"]);
        b.Node("Relu", "/relu/Relu", ["conv"], [Features]);
        b.Node("GlobalAveragePool", "/pool/GlobalAveragePool", [Features], ["pooled"]);
        b.Node("Flatten", "/flatten/Flatten", ["pooled"], ["flat"]);
        b.Node("MatMul", "/fc/MatMul", ["flat", "fc.w"], ["product"]);
        b.Node("Add", "/fc/Add", ["product", "fc.b"], ["logits"]);
        if (softmax) b.Node("Softmax", "/softmax/Softmax", ["logits"], ["prob"]);
        if (identityAfter) b.Node("Identity", "/out/Identity", [softmax ? "prob" : "logits"], ["out"]);
        return Model.Load(b.Bytes(), softmax ? "softmax_classifier.onnx" : "logit_classifier.onnx");
    }

    public static CamSharp.Tensors.Tensor Input()
    {
        var random = new Random(9);
        var x = CamSharp.Tensors.Tensor.Zeros(1, 2, 5, 5);
        var data = x.Floats;
        for (int i = 0; i < data.Length; i++) data[i] = (float)random.NextDouble();
        return x;
    }
}
