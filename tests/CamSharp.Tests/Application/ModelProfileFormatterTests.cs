using CamSharp.Application;
using Xunit;

namespace CamSharp.Tests.Application;

public class ModelProfileFormatterTests
{
    [Fact]
    public void ToJson_VideoModel_GivesTheCentreCropsResize()
    {
        var json = ModelProfileFormatter.ToJson(TinyClipModel.Load().Profile);
        var preprocess = json["preprocess"]!;
        Assert.Equal("ResizeCentreCrop", (string?)preprocess["geometry"]);
        Assert.Equal("[9]", preprocess["resize_size"]!.ToJsonString()); // 8 ÷ 0.875 = 9.14 → 9
    }

    [Fact]
    public void ToJson_ImageModel_HasNoResizeSize()
    {
        var b = new Onnx.ModelBuilder(opset: 13).Input("image", 1, 1, 3, 8, 8).Output("out", 1, 1, 3, 8, 8);
        b.Node("Relu", "/act/Relu", ["image"], ["out"]);
        var profile = CamSharp.Model.Load(b.Bytes(), "image.onnx", Onnx.TestModels.AcceptAll).Profile;
        Assert.Null(ModelProfileFormatter.ToJson(profile)["preprocess"]!["resize_size"]);
    }
}
