using System.Text.Json;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Explain.References;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain.Methods;

/// <summary>
/// SS-CAM, IS-CAM and Smooth Grad-CAM++ against torchcam's formulas with the same noise
/// (tools/reference_data/torchcam_reference.py), at layer resolution within 1e-3.
/// </summary>
public sealed class TorchCamMethodsTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var index in new[] { "sscam", "iscam", "smoothgradcampp" })
            for (int i = 0; i < MethodReferences.Cases(index).Count; i++) data.Add(index, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_GivenNoise_MatchesTorchCam(string index, int i)
    {
        var c = MethodReferences.Cases(index)[i];
        var model = TestModels.Fixture(c.GetProperty("model").GetString()!);
        var input = ReciproCamTests.RunInput(c.GetProperty("run").GetString()!);
        string layer = c.GetProperty("layer").GetString()!;
        int layerChannels;
        using (var pass = model.Session.Run(input, new CamSharp.Engine.RunOptions { Taps = [layer] }))
            layerChannels = pass.Value(layer).Shape[1];
        var method = Create(index, c, layerChannels, input.Shape[1]);
        var result = CamRunner.Run(model, input, [layer], method, [new ClassTarget(c.GetProperty("class").GetInt32())]);

        var ours = (float[])result.Layers[0].RawMaps[0].Clone();
        MapMath.Relu(ours);
        MapMath.MinMax(ours);
        var reference = MethodReferences.Map(c.GetProperty("map").GetString()!).Floats.ToArray();
        double diff = Assertions.MaxAbsDiff(ours, reference);
        Assert.True(diff <= 1e-3, $"{index} case {i}: max |diff| {diff:G4}");
    }

    private static CamMethod Create(string index, JsonElement c, int layerChannels, int inputChannels)
    {
        int samples = c.GetProperty("samples").GetInt32();
        return index switch
        {
            "sscam" => new SsCam(new SsCamOptions { Samples = samples, Noise = Noise(c, layerChannels) }),
            "iscam" => new IsCam(samples),
            _ => new SmoothGradCamPlusPlus(new SmoothGradCamPlusPlusOptions { Samples = samples, Noise = Noise(c, inputChannels) }),
        };
    }

    private static NoiseFill Noise(JsonElement c, int channels) =>
        HashNoise.Of(c.GetProperty("std").GetDouble(), c.GetProperty("seed").GetInt32(), channels);

    [Fact]
    public void GaussianNoise_SameSeed_SamePlane_AndStdAsAsked()
    {
        var a = new float[10000];
        var b = new float[10000];
        GaussianNoise.Seeded(3, 2.0)(1, 2, a);
        GaussianNoise.Seeded(3, 2.0)(1, 2, b);
        Assert.Equal(a, b);
        double mean = a.Average(), std = Math.Sqrt(a.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.1, 0.1);
        Assert.InRange(std, 1.9, 2.1);
    }

    [Fact]
    public void IsCam_ZeroSamples_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new IsCam(0));
}
