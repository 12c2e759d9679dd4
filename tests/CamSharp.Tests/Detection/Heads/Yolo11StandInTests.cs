using CamSharp.Detection;
using CamSharp.Detection.Heads;
using CamSharp.Tests.Ops;
using Xunit;

namespace CamSharp.Tests.Detection.Heads;

/// <summary>The YOLO11 layout (C2PSA attention: MatMul, Softmax) on a stand-in exported by torch: the v8 head.</summary>
public sealed class Yolo11StandInTests
{
    private const string Stem = "yolo11_standin";

    [Fact]
    public void Forward_StandIn_MatchesTorch()
    {
        var model = StandInModels.Load(Stem);
        var output = model.Run(StandInModels.Input())[0];
        var torch = StandInModels.TorchOutput(Stem);
        Assert.Equal(torch.Shape, output.Shape);
        OpTester.AssertClose(output.Floats, torch.Floats, 1e-4);
    }

    [Fact]
    public void Profile_StandIn_YoloV8HeadWithTheAttentionBlockAsAModule()
    {
        var model = StandInModels.Load(Stem);
        Assert.IsType<YoloV8Head>(DetectionHeads.Recognise(model, StandInModels.Size, StandInModels.Size));
        Assert.Equal(HeadKind.YoloV8, model.Profile.Head);
        Assert.NotEmpty(model.ResolveLayer("model.10.m.0.attn"));
    }
}
