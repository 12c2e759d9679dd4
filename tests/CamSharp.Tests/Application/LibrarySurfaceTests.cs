using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Tensors;
using CamSharp.Application;
using CamSharp.Imaging;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Application;

/// <summary>What README's library example leans on: predictions with the maps, named overlay settings, a disposable model.</summary>
public class LibrarySurfaceTests
{
    [Fact]
    public void Explain_Classifier_CarriesThePredictionOfItsOwnPass()
    {
        var model = TestModels.Asset("squeezenet1_1_tv");
        var result = new Explainer(model).Explain(ImageDecoder.Load(Fixtures.Asset("images/samoyed_hub.jpg")));
        var prediction = Assert.IsType<Prediction>(result.Prediction);
        Assert.Equal(258, prediction.Top[0].Index);          // Samoyed, as `camsharp run` says with no flags
        Assert.Equal(5, prediction.Top.Count);
        Assert.Equal(prediction.Top[0].Index, result.Maps[0].Class);
    }

    [Fact]
    public void Draw_ImageWeight_ChangesTheBlendAndBadWeightIsNamed()
    {
        var model = TestModels.Asset("squeezenet1_1_tv");
        var image = ImageDecoder.Load(Fixtures.Asset("images/cat-dog.png"));
        var result = new Explainer(model).Explain(image);
        var mostlyImage = ExplanationPicture.Draw(result, result.Maps[0], new OverlayOptions { ImageWeight = 0.9f });
        var blended = ExplanationPicture.Draw(result, result.Maps[0]);
        Assert.True(Distance(image, mostlyImage) < Distance(image, blended));
        var e = Assert.Throws<InputException>(() => ExplanationPicture.Draw(result, result.Maps[0], new OverlayOptions { ImageWeight = 2f }));
        Assert.Equal(nameof(OverlayOptions.ImageWeight), e.Parameter);
    }

    private static double Distance(RgbImage a, RgbImage b) => a.Pixels.Zip(b.Pixels, (x, y) => Math.Abs(x - y)).Average();

    [Fact]
    public void Model_Disposed_RefusesToRun()
    {
        var model = Model.Load(Fixtures.Asset("models/squeezenet1_1_tv.onnx"));
        using (model)
        {
            using var pass = model.Session.Run(Tensor.Zeros(DataType.Float32, [1, 3, 224, 224]));
            Assert.Equal(1000, pass.Outputs[0].Length);
        }
        Assert.Throws<ObjectDisposedException>(() => model.Session.Run(Tensor.Zeros(DataType.Float32, [1, 3, 224, 224])));
    }

    [Fact]
    public void CamResult_CarriesTheModelsOutputs()
    {
        var model = TestModels.Asset("squeezenet1_1_tv");
        using var input = Tensor.Zeros(DataType.Float32, [1, 3, 224, 224]);
        var result = CamRunner.Run(model, input, [model.Profile.CamLayer!.Values[0]], new GradCam());
        Assert.Equal([1, 1000], result.Outputs[0].Shape);
    }

    [Theory]
    [InlineData("ablationcam")]
    [InlineData("reciprocam")]
    public void Explain_RerunningMethodTwoClasses_EachMapAsIfAlone(string method)
    {
        var model = TestModels.Asset("squeezenet1_1_tv");
        var image = ImageDecoder.Load(Fixtures.Asset("images/cat-dog.png"));
        var explainer = new Explainer(model, new ExplainerOptions { Method = method });
        var both = explainer.Explain(image, [ExplainTarget.OfClass(281), ExplainTarget.OfClass(238)]);
        var cat = explainer.Explain(image, [ExplainTarget.OfClass(281)]);
        var dog = explainer.Explain(image, [ExplainTarget.OfClass(238)]);
        Assert.True(Assertions.MaxAbsDiff(both.Maps[0].AtInput!.Data, cat.Maps[0].AtInput!.Data) < 1e-4);
        Assert.True(Assertions.MaxAbsDiff(both.Maps[1].AtInput!.Data, dog.Maps[0].AtInput!.Data) < 1e-4);
        Assert.True(Assertions.MaxAbsDiff(both.Maps[0].AtInput!.Data, both.Maps[1].AtInput!.Data) > 0.05);
    }
}
