using CamSharp.Engine;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Engine;

/// <summary>
/// Conv + Relu / Clip / SiLU and Add + Relu run fused where nothing needs the value in between: the results
/// equal the unfused run, every value name stays tappable, and backward still sees what it needs.
/// </summary>
public sealed class ActivationFusionTests
{
    public static TheoryData<string, string> Models() => new()
    {
        { "resnet18", "Relu" },
        { "mobilenet_v2", "Clip" },
        { "yolov8n_dequant_fp32", "Sigmoid" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Forward_Fused_EqualsUnfusedAndSkipsActivationNodes(string stem, string activation)
    {
        var (model, input) = Load(stem);
        using var fused = model.Session.Run(input, new RunOptions { Profile = true });
        using var plain = model.Session.Run(input, new RunOptions { Profile = true, FuseActivations = false });
        for (int k = 0; k < plain.Outputs.Count; k++)
            Assertions.AssertRelative(fused.Outputs[k].Floats, plain.Outputs[k].Floats, 1e-5, $"{stem} output {k}");
        // Every activation that alone reads a convolution's or an Add's output is absorbed; the others still run.
        var graph = model.Session.Graph;
        var producers = graph.Nodes.Where(n => n.OpType is "Conv" or "Add").Select(n => n.Outputs[0]).ToHashSet();
        int absorbed = graph.Nodes.Count(n => n.OpType == activation && producers.Contains(n.Inputs[0])
            && (activation == "Sigmoid" || graph.Nodes.Count(c => c.Inputs.Contains(n.Inputs[0])) == 1));
        int before = plain.NodeTimes!.Count(t => t.Node.OpType == activation);
        int after = fused.NodeTimes!.Count(t => t.Node.OpType == activation);
        Assert.True(absorbed > 0, $"{stem} has no Conv → {activation}");
        Assert.Equal(before - absorbed, after);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Tap_OnConvOutput_KeepsPreActivationValue(string stem, string activation)
    {
        var (model, input) = Load(stem);
        var graph = model.Session.Graph;
        var conv = graph.Nodes.First(n => n.OpType == "Conv" && graph.Nodes.Any(c => c.OpType == activation && c.Inputs.Contains(n.Outputs[0])));
        var act = graph.Nodes.First(c => c.OpType == activation && c.Inputs.Contains(conv.Outputs[0]));
        string pre = conv.Outputs[0], post = act.Outputs[0];
        using var fused = model.Session.Run(input, new RunOptions { Taps = [pre, post], Profile = true });
        using var plain = model.Session.Run(input, new RunOptions { Taps = [pre, post], FuseActivations = false });
        Assertions.AssertRelative(fused.Value(pre).Floats, plain.Value(pre).Floats, 1e-6, "tapped pre-activation");
        Assertions.AssertRelative(fused.Value(post).Floats, plain.Value(post).Floats, 1e-6, "tapped activation");
        // The tap breaks this chain's fusion only: the activation node ran on its own.
        Assert.Contains(fused.NodeTimes!, t => t.Node == act);
        Assert.True(fused.Value(pre).Floats.ToArray().Any(v => v < 0), "the pre-activation value has negatives, so it was not overwritten by the activation");
    }

    [Theory]
    [InlineData("mobilenet_v2", "features.14")]
    [InlineData("resnet18", "layer3")]  // Conv + Relu and Add + Relu chains between layer3 and the logits
    public void Backward_ThroughFusedChains_EqualsUnfused(string stem, string layerName)
    {
        var (model, input) = Load(stem);
        string layer = model.ResolveLayer(layerName)[^1];
        var targets = new OutputTarget[] { new CamSharp.Explain.Targets.ClassTarget(3) };
        using var fused = model.Session.Run(input, new RunOptions { GradientsFor = [layer] });
        using var plain = model.Session.Run(input, new RunOptions { GradientsFor = [layer], FuseActivations = false });
        using var gf = fused.Backward(targets);
        using var gp = plain.Backward(targets);
        Assertions.AssertRelative(gf[layer].Floats, gp[layer].Floats, 1e-5, $"gradient at {layerName}");
    }

    private static (Model Model, Tensor Input) Load(string stem) => stem switch
    {
        "yolov8n_dequant_fp32" => (TestModels.Asset(stem), Fixtures.Npy("real/cases/yolov8n_dequant_fp32__bus.jpg/input.npy.gz")),
        _ => (TestModels.Fixture(stem), Fixtures.Npy($"outputs/tensors/{stem}__d224__224x224.npy")),
    };
}
