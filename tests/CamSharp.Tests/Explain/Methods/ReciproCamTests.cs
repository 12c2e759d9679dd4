using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Explain.References;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain.Methods;

public sealed class ReciproCamTests
{
    public static TheoryData<int> Cases() => MethodReferences.Indices("reciprocam");

    /// <summary>OpenVINO XAI's ReciproCAM (tools/reference_data/reciprocam_reference.py), at layer resolution.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_FixtureModel_MatchesOpenVinoXai(int index)
    {
        var c = ReferenceCase.Load("reciprocam", index);
        var result = CamRunner.Run(c.Model, c.Input, [c.Layer], new ReciproCam(), [new ClassTarget(c.Class)]);
        c.AssertMatches(ReferenceCase.Scaled(result.Layers[0].RawMaps[0]));
    }

    [Fact]
    public void Run_BatchOfOne_SameMapForAnyBatchSize()
    {
        var model = TestModels.Fixture("digitcnn");
        var input = RunInput("digitcnn__d96_a__96x96");
        string layer = "/block4/block4.5/Relu_output_0";
        var whole = CamRunner.Run(model, input, [layer], new ReciproCam(), [new ClassTarget(3)]);
        var rowByRow = CamRunner.Run(model, input, [layer], new ReciproCam(), [new ClassTarget(3)], new CamOptions { BatchSize = 1 });
        Assert.True(Assertions.MaxAbsDiff(whole.Maps[0], rowByRow.Maps[0]) <= 1e-5);
    }

    /// <summary>OpenVINO XAI scores the logits: a graph ending in Softmax gives the map of the same graph without it.</summary>
    [Fact]
    public void Run_GraphEndingInSoftmax_EqualsTheMapWithoutTheSoftmax()
    {
        using var x = SoftmaxClassifier.Input();
        var withSoftmax = CamRunner.Run(SoftmaxClassifier.Build(softmax: true), x, [SoftmaxClassifier.Features], new ReciproCam(), [new ClassTarget(1)]);
        var plain = CamRunner.Run(SoftmaxClassifier.Build(softmax: false), x, [SoftmaxClassifier.Features], new ReciproCam(), [new ClassTarget(1)]);
        Assert.True(plain.Layers[0].RawMaps[0].Max() > 0);
        Assert.True(Assertions.MaxAbsDiff(withSoftmax.Layers[0].RawMaps[0], plain.Layers[0].RawMaps[0]) <= 1e-6);
        Assert.True(Assertions.MaxAbsDiff(withSoftmax.Maps[0], plain.Maps[0]) <= 1e-6);
    }

    [Fact]
    public void Run_TokenLayer_ThrowsNamingTheLayer()
    {
        var model = TestModels.Fixture("tinyvit");
        var input = RunInput("tinyvit__d64_a__64x64");
        string layer = "/blocks/blocks.1/Add_1_output_0";
        var e = Assert.Throws<InputException>(() => CamRunner.Run(model, input, [layer], new ReciproCam(), [new ClassTarget(0)], reshape: new TokenGridReshape(1)));
        Assert.Contains(layer, e.Message);
    }

    internal static CamSharp.Tensors.Tensor RunInput(string run) => MethodReferences.RunInput(run);
}
