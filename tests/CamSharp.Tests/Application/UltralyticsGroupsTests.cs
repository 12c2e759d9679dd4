using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Application;

/// <summary>MMYOLO's layer names on an Ultralytics export (modules model.0 … model.22).</summary>
public class UltralyticsGroupsTests
{
    [Theory]
    [InlineData("backbone.stem", "model.0")]
    [InlineData("backbone.stage1", "model.2")]
    [InlineData("backbone.stage3", "model.6")]
    [InlineData("backbone.stage4", "model.9")]     // C2f then SPPF: the stage ends where the neck begins
    public void ResolveLayer_MmyoloBackbonePart_IsTheUltralyticsModule(string mmyolo, string ultralytics)
    {
        var model = TestModels.Asset("yolov8n_dequant_fp32");
        Assert.Equal(model.ResolveLayer(ultralytics), model.ResolveLayer(mmyolo));
    }

    [Fact]
    public void ResolveLayer_Backbone_IsTheThreeStageOutputs()
    {
        var model = TestModels.Asset("yolov8n_dequant_fp32");
        var stages = new[] { "backbone.stage2", "backbone.stage3", "backbone.stage4" }.SelectMany(model.ResolveLayer).ToArray();
        Assert.Equal(stages, model.ResolveLayer("backbone"));
    }

    [Fact]
    public void ResolveLayer_StageFive_IsNotAPart()
    {
        var model = TestModels.Asset("yolov8n_dequant_fp32");
        Assert.Throws<CamSharp.Engine.InputException>(() => model.ResolveLayer("backbone.stage5"));
    }
}
