using CamSharp.Application;
using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Imaging;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Application;

public class ExplainerTests
{
    private static RgbImage CatDog => ImageDecoder.Load(Fixtures.Asset("images/cat-dog.png"));

    [Fact]
    public void Explain_SqueezenetNoLayer_GradientMethodsGiveDifferentMaps()
    {
        var m = TestModels.Asset("squeezenet1_1_tv");
        var image = CatDog;
        var maps = new[] { "gradcam", "gradcam++", "xgradcam", "layercam" }
            .Select(name => new Explainer(m, new ExplainerOptions { Method = name }).Explain(image, [ExplainTarget.OfClass(281)]).Maps[0].AtInput!.Data)
            .ToArray();
        for (int i = 0; i < maps.Length; i++)
            for (int j = i + 1; j < maps.Length; j++)
                Assert.True(Assertions.MaxAbsDiff(maps[i], maps[j]) > 0.05, $"methods {i} and {j} give the same map");
    }

    [Fact]
    public void Explain_ClassScoreLayer_Warns()
    {
        var e = new Explainer(TestModels.Asset("squeezenet1_1_tv"), new ExplainerOptions { Layers = ["classifier.2"] });
        Assert.Contains(e.Warnings, w => w.Contains("same picture", StringComparison.Ordinal));
    }

    [Fact]
    public void Explainer_Detector_IsRefused()
    {
        var e = Assert.Throws<InputException>(() => new Explainer(TestModels.Asset("yolov8n_dequant_fp32")));
        Assert.Contains("detector", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explainer_OutputAsLayer_IsRefused()
    {
        var m = TestModels.Fixture("resnet18");
        var e = Assert.Throws<InputException>(() => new Explainer(m, new ExplainerOptions { Layers = [m.Graph.OutputNames[0]] }));
        Assert.Equal(nameof(ExplainerOptions.Layers), e.Parameter);
    }

    [Fact]
    public void Explainer_DffConceptsOverTheLayersChannels_IsRefusedWhenBound()
    {
        // features.3.squeeze_activation has 16 channels: 17 concepts cannot be factorised, and
        // the refusal names Concepts before any image is explained.
        var e = Assert.Throws<InputException>(() => new Explainer(TestModels.Asset("squeezenet1_1_tv"),
            new ExplainerOptions { Method = "dff", Layers = ["features.3.squeeze_activation"], Concepts = 17 }));
        Assert.Equal(nameof(ExplainerOptions.Concepts), e.Parameter);
        Assert.Contains("16", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explainer_DffConceptsWithinTheLayer_IsBound()
    {
        var e = new Explainer(TestModels.Asset("squeezenet1_1_tv"),
            new ExplainerOptions { Method = "dff", Layers = ["features.3.squeeze_activation"], Concepts = 16 });
        Assert.Equal("dff", e.Method.Name);
    }

    [Fact]
    public void Explainer_OneByOneLayer_IsRefused()
    {
        var m = TestModels.Asset("squeezenet1_1_tv");
        Assert.Throws<InputException>(() => new Explainer(m, new ExplainerOptions { Layers = ["classifier.3"] }));
    }

    [Fact]
    public void Explain_TinyVitAblationNoFlags_MatchesFixtureCase()
    {
        // The fixture case: pytorch-grad-cam's AblationLayerVit on blocks[-1].norm1, 1 extra token, 8×8 grid.
        var c = TestModels.OutputsIndex.GetProperty("cases").EnumerateArray()
            .First(x => x.GetProperty("model").GetString() == "tinyvit" && x.GetProperty("method").GetString() == "AblationCAM"
                        && !x.GetProperty("aug_smooth").GetBoolean() && !x.GetProperty("eigen_smooth").GetBoolean());
        var run = TestModels.OutputsIndex.GetProperty("runs").GetProperty(c.GetProperty("run").GetString()!);
        var input = Fixtures.Npy(run.GetProperty("input_tensor").GetString()!);
        var target = FixtureTargets.Of(c.GetProperty("target"));
        var e = new Explainer(TestModels.Fixture("tinyvit"), new ExplainerOptions { Method = "ablationcam" });
        var map = e.Explain(input, target is null ? null : [new ExplainTarget { Custom = target }]).Maps[0].AtInput!.Data;
        var reference = Fixtures.Npy(c.GetProperty("cam").GetString()!).Floats.ToArray();
        Assert.True(Assertions.MaxAbsDiff(map, reference) <= 1e-3, $"max |diff| {Assertions.MaxAbsDiff(map, reference):G4}");
    }

    [Fact]
    public void Explain_TopClass_OneForwardPassAndTheMapOfThatClass()
    {
        // A model of its own: the shared test models run in other tests at the same time.
        var m = Model.Load(Fixtures.Asset("models/squeezenet1_1_tv.onnx"));
        var image = CatDog;
        var explainer = new Explainer(m);
        long before = m.Session.RunCount;
        var top = explainer.Explain(image);
        Assert.Equal(1, m.Session.RunCount - before);
        var shown = Assert.Single(top.Maps);
        int predicted = top.Prediction!.Top[0].Index;
        var named = Assert.Single(explainer.Explain(image, [ExplainTarget.OfClass(predicted)]).Maps);
        Assert.Equal(predicted, shown.Class);
        Assert.Equal(named.Label, shown.Label);
        Assert.Equal(named.AtInput!.Data, shown.AtInput!.Data);
    }

    [Fact]
    public void Explain_ImageMap_IsCarriedToTheSourceImage()
    {
        var image = CatDog;
        var result = new Explainer(TestModels.Asset("squeezenet1_1_tv")).Explain(image);
        var shown = Assert.Single(result.Maps);
        Assert.Equal((image.Width, image.Height), (shown.OnImage!.Width, shown.OnImage.Height));
        Assert.Equal((224, 224), (shown.AtInput!.Width, shown.AtInput.Height));
        Assert.False(shown.AllZero);
    }

    [Fact]
    public void SegmentationTarget_SumsClassScoresWhereItWins()
    {
        // 2 classes on a 1×3 map: class 1 wins pixels 1 and 2.
        var output = Tensor.FromFloats([5, 1, 0, 1, 2, 3], 1, 2, 1, 3);
        var seed = Tensor.Zeros(DataType.Float32, [1, 2, 1, 3]);
        float score = new SemanticSegmentationTarget(1).Accumulate([output], 0, [seed]);
        Assert.Equal(5f, score);
        Assert.Equal([0f, 0, 0, 0, 1, 1], seed.Floats.ToArray());
        Assert.Equal([false, true, true], SemanticSegmentationTarget.WinningPixels(output, 0, 1));
    }

    [Fact]
    public void EmbeddingTarget_SimilarityGradient_MatchesFiniteDifference()
    {
        var y = Tensor.FromFloats([0.3f, -1.2f, 2f], 1, 3);
        var concept = new[] { 1f, 0.5f, -0.25f };
        var seed = Tensor.Zeros(DataType.Float32, [1, 3]);
        var target = new EmbeddingTarget(concept);
        target.Accumulate([y], 0, [seed]);
        for (int i = 0; i < 3; i++)
        {
            var up = y.Clone();
            var down = y.Clone();
            up.Floats[i] += 1e-3f;
            down.Floats[i] -= 1e-3f;
            double fd = (target.Score([up], 0) - target.Score([down], 0)) / 2e-3;
            Assert.Equal(fd, seed.Floats[i], 3);
        }
    }
}
