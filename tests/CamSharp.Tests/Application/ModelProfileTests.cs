using CamSharp.Application;
using CamSharp.Detection;
using CamSharp.Imaging;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Application;

public class ModelProfileTests
{
    [Theory]
    [InlineData("squeezenet1_1_tv", "features.12")] // not classifier.2, the 1000-channel class-score map
    public void Profile_AssetClassifier_ChoosesMapBeforeClassProjection(string stem, string layer)
    {
        var p = TestModels.Asset(stem).Profile;
        Assert.Equal(ModelKind.Classifier, p.Kind);
        Assert.Equal(layer, p.CamLayer!.Name);
        Assert.Equal(FeatureLayout.ChannelsFirst, p.CamLayer.Layout);
        Assert.Equal("tabby", p.ClassName(281));
        Assert.Equal("ImageNet-1k (bundled)", p.ClassNamesSource);
    }

    [Theory]
    [InlineData("squeezenet1.1_caffe2_fp32")]
    [InlineData("squeezenet1.1_fp16_winml")]
    public void Profile_CaffeConversion_GetsCaffePreprocessingAndItsTopClassIsRight(string stem)
    {
        var m = TestModels.Asset(stem);
        Assert.Equal("caffe", m.Profile.Preprocess.Preset);
        var top = new Explainer(m).Explain(ImageDecoder.Load(Fixtures.Asset("images/samoyed_hub.jpg"))).Maps[0];
        Assert.Equal("Samoyed", top.Label); // with ImageNet preprocessing this model says "mosquito net"
    }

    [Theory]
    [InlineData("resnet18", "layer4")]
    [InlineData("mobilenet_v2", "features.18")]
    [InlineData("digitcnn", "block4")]
    public void Profile_FixtureCnn_ChoosesLastSpatialLayer(string stem, string layer)
    {
        var p = TestModels.Fixture(stem).Profile;
        Assert.Equal(ModelKind.Classifier, p.Kind);
        Assert.Equal(layer, p.CamLayer!.Name);
    }

    [Theory]
    [InlineData("tinyvit")]
    [InlineData("tinyvit_op13")] // LayerNormalization decomposed into ReduceMean, Sub, Pow, ...
    public void Profile_Vit_ChoosesLastBlockFirstNormAsTokens(string stem)
    {
        var layer = TestModels.Fixture(stem).Profile.CamLayer!;
        Assert.Equal("blocks.1.norm1", layer.Name);
        Assert.Equal(FeatureLayout.Tokens, layer.Layout);
        Assert.Equal(1, layer.ExtraTokens);
        Assert.Equal((8, 8), layer.TokenGrid);
    }

    [Fact]
    public void Profile_VideoModel_ShowsItsClipShape()
    {
        var p = TinyClipModel.Load().Profile;
        Assert.Equal(TinyClipModel.Frames, p.Video!.DeclaredFrames);
        Assert.Contains($"input:         clips of {TinyClipModel.Frames} frames of {TinyClipModel.Size}x{TinyClipModel.Size}", ModelProfileFormatter.Format(p));
        Assert.Equal(TinyClipModel.Frames, (int)ModelProfileFormatter.ToJson(p)["video"]!["frames"]!);
        Assert.Contains("clips of T frames of", ModelProfileFormatter.Format(TinyClipModel.Load(frames: null).Profile));
        Assert.Null(TestModels.Asset("yolov8n_dequant_fp32").Profile.Video);
    }

    [Fact]
    public void Profile_YoloV8_DetectorWithMetadataNamesAndBackboneGroup()
    {
        var m = TestModels.Asset("yolov8n_dequant_fp32");
        var p = m.Profile;
        Assert.Equal(ModelKind.Detector, p.Kind);
        Assert.Equal(HeadKind.YoloV8, p.Head);
        Assert.Equal("yolo", p.Preprocess.Preset);
        Assert.Equal(["backbone"], p.FeatureLayers);
        Assert.Equal(3, p.CamLayer!.Values.Count);
        // MMYOLO's backbone: the three stage outputs the neck reads (model.4, model.6, model.9).
        var backbone = m.ResolveLayer("backbone");
        Assert.Equal([m.ResolveLayer("model.4")[0], m.ResolveLayer("model.6")[0], m.ResolveLayer("model.9")[0]], backbone);
        Assert.Equal(3, m.ResolveLayer("neck").Count);
        Assert.NotEmpty(m.ResolveLayer("head"));
    }

    [Fact]
    public void Profile_Yolox_NoMetadata_GetsYoloxPresetCocoNamesAndOneLayerPerLevel()
    {
        var p = TestModels.Asset("yolox_nano").Profile;
        Assert.Equal(ModelKind.Detector, p.Kind);
        Assert.Equal(HeadKind.Yolox, p.Head);
        Assert.Equal("yolox", p.Preprocess.Preset);
        Assert.True(p.Preprocess.Bgr);
        Assert.Equal(1f, p.Preprocess.Scale);
        Assert.Equal("person", p.ClassName(0));
        Assert.Equal(3, p.CamLayer!.Values.Count);
    }

    [Fact]
    public void Preset_ReturnedArrays_CannotChangeLaterRuns()
    {
        var imagenet = CamSharp.Imaging.Preprocessing.PreprocessOptions.ImageNet;
        Assert.ThrowsAny<NotSupportedException>(() => { ((IList<float>)imagenet.Mean)[0] = 0; });
        var given = new[] { 1f, 2f, 3f };
        var custom = imagenet with { Mean = given };
        given[0] = 99;
        Assert.Equal(1f, custom.Mean[0]);
        Assert.Equal(0.485f, CamSharp.Imaging.Preprocessing.PreprocessOptions.ImageNet.Mean[0]);
    }

    [Fact]
    public void PlanShape_WrittenByCaller_DoesNotChangeThePlan()
    {
        var m = TestModels.Fixture("resnet18");
        var plan = m.Session.GetPlan(1, 3, 64, 64);
        string value = m.ResolveLayer("layer4")[0];
        var shape = plan.ShapeOf(value);
        shape[1] = 7;
        Assert.Equal(512, plan.ShapeOf(value)[1]);
        Assert.Equal(512, plan.TryShapeOf(value)![1]);
    }
}
