using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Explain.References;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain.Methods;

public sealed class RefineCamTests
{
    public static TheoryData<int> Cases() => MethodReferences.Indices("refinecam");

    /// <summary>pytorch-grad-cam main's RefineCAM with Grad-CAM++ (tools/reference_data/refinecam_reference.py), at the input size.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_TwoLayers_MatchesPytorchGradCamMain(int index)
    {
        var c = ReferenceCase.Load("refinecam", index);
        var layers = c.Json.GetProperty("layers").EnumerateArray().Select(l => l.GetString()!).ToArray();
        var result = CamRunner.Run(c.Model, c.Input, layers, new RefineCam(), [new ClassTarget(c.Class)]);
        c.AssertMatches(result.Maps[0]);
    }

    [Fact]
    public void Run_OneLayer_SameAsBaseMethod()
    {
        var model = TestModels.Fixture("digitcnn");
        var input = MethodReferences.RunInput("digitcnn__d96_a__96x96");
        string[] layer = ["/block4/block4.5/Relu_output_0"];
        var refined = CamRunner.Run(model, input, layer, new RefineCam(new GradCam()), [new ClassTarget(3)]);
        var plain = CamRunner.Run(model, input, layer, new GradCam(), [new ClassTarget(3)]);
        Assert.True(Assertions.MaxAbsDiff(refined.Maps[0], plain.Maps[0]) <= 1e-5);
    }

    [Fact]
    public void Create_RefineOfRefine_Throws() => Assert.Throws<ArgumentException>(() => new RefineCam(new RefineCam()));
}
