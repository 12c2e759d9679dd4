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
        var c = MethodReferences.Cases("vitreciprocam")[index];
        var model = TestModels.Fixture(c.GetProperty("model").GetString()!);
        var input = ReciproCamTests.RunInput(c.GetProperty("run").GetString()!);
        string layer = c.GetProperty("layer").GetString()!;
        var result = CamRunner.Run(model, input, [layer], new VitReciproCam(), [new ClassTarget(c.GetProperty("class").GetInt32())],
            reshape: new TokenGridReshape(1));

        var ours = (float[])result.Layers[0].RawMaps[0].Clone();
        MapMath.Relu(ours);
        MapMath.MinMax(ours);
        var reference = MethodReferences.Map(c.GetProperty("map").GetString()!).Floats.ToArray();
        double diff = Assertions.MaxAbsDiff(ours, reference);
        Assert.True(diff <= 1e-3, $"case {index}: max |diff| {diff:G4}");
    }

    [Fact]
    public void Run_LayerInsideABlock_ThrowsNamingIt()
    {
        var model = TestModels.Fixture("tinyvit");
        var input = ReciproCamTests.RunInput("tinyvit__d64_a__64x64");
        string layer = "/blocks/blocks.1/norm1/LayerNormalization_output_0";
        var e = Assert.Throws<InputException>(() => CamRunner.Run(model, input, [layer], new VitReciproCam(), [new ClassTarget(0)], reshape: new TokenGridReshape(1)));
        Assert.Contains(layer, e.Message);
    }
}
