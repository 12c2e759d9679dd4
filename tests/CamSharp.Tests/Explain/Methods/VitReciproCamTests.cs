using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Explain.References;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain.Methods;

public sealed class VitReciproCamTests
{
    public static TheoryData<int> Cases() => MethodReferences.Indices("vitreciprocam");

    /// <summary>OpenVINO XAI's ViTReciproCAM (tools/reference_data/vitreciprocam_reference.py), at grid resolution.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_TinyVit_MatchesOpenVinoXai(int index)
    {
        var c = ReferenceCase.Load("vitreciprocam", index);
        var result = CamRunner.Run(c.Model, c.Input, [c.Layer], new VitReciproCam(), [new ClassTarget(c.Class)], reshape: new TokenGridReshape(1));
        c.AssertMatches(ReferenceCase.Scaled(result.Layers[0].RawMaps[0]));
    }

    [Fact]
    public void Run_LayerInsideABlock_ThrowsNamingIt()
    {
        var model = TestModels.Fixture("tinyvit");
        var input = MethodReferences.RunInput("tinyvit__d64_a__64x64");
        string layer = "/blocks/blocks.1/norm1/LayerNormalization_output_0";
        var e = Assert.Throws<InputException>(() => CamRunner.Run(model, input, [layer], new VitReciproCam(), [new ClassTarget(0)], reshape: new TokenGridReshape(1)));
        Assert.Contains(layer, e.Message);
    }
}
