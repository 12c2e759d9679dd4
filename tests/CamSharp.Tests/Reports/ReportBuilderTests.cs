using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Explain.Targets;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Reports;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Reports;

public sealed class ReportBuilderTests
{
    private static Model Squeezenet => TestModels.Asset("squeezenet1_1_tv");

    private static PreparedInput CatDog() =>
        Preprocessor.Prepare(ImageDecoder.Load(Fixtures.Asset("images/cat-dog.png")), 224, 224, PreprocessOptions.ImageNet);

    [Fact]
    public void Build_TwoMethodsTwoLayersTwoClasses_OneTimedMapPerCell()
    {
        var input = CatDog();
        var options = new ReportOptions { Methods = ["gradcam", "EigenCAM"], Layers = ["features.12", "classifier.2"], Classes = [281, 238], MaxImageSide = 200 };
        var report = ReportBuilder.Build(Squeezenet, input, "cat-dog.png", options);

        Assert.Equal(["gradcam", "eigencam"], report.Methods);
        Assert.Equal(8, report.Maps.Count);
        var logits = Squeezenet.Run(input.Tensor)[0].Floats.ToArray();
        foreach (int c in new[] { 281, 238 })
            foreach (string layer in new[] { "features.12", "classifier.2" })
                foreach (string method in new[] { "gradcam", "eigencam" })
                {
                    var map = report.Find(c, layer, method);
                    Assert.NotNull(map);
                    Assert.Equal(logits[c], map.Score, 3);
                    Assert.True(map.Elapsed > TimeSpan.Zero);
                    Assert.Equal((200, 133), (map.Overlay.Width, map.Overlay.Height));
                    Assert.Empty(map.Metrics);
                }
        Assert.Equal((200, 133), (report.Input.Original.Width, report.Input.Original.Height));
        Assert.Equal(["/features/features.12/Concat_output_0"], report.Layers[0].Values);
        Assert.Contains(report.Model.LayerTree, l => l.TrimStart().StartsWith("features.12 ") && l.EndsWith("[1, 512, 13, 13]"));
    }

    [Fact]
    public void Build_AttributionMethod_ScoreIsTheClassLogitAndThePageSaysTheInput()
    {
        var input = CatDog();
        var report = ReportBuilder.Build(Squeezenet, input, "cat-dog.png", new ReportOptions { Methods = ["saliency"], Classes = [281] });

        var logits = Squeezenet.Run(input.Tensor)[0].Floats.ToArray();
        var map = Assert.Single(report.Maps);
        Assert.Equal(logits[281], map.Score, 3);
        // Pictures are base64 data URIs, whose text can contain "NaN" by chance.
        var page = System.Text.RegularExpressions.Regex.Replace(HtmlReport.Render(report), "data:image/[^\"]*", "");
        Assert.Contains("saliency on the input for", page);
        Assert.DoesNotContain("NaN", page);
    }

    [Fact]
    public void Build_MetricsSeam_GetsEachMapAndItsTargetAndTheReportKeepsTheValues()
    {
        var input = CatDog();
        var seen = new List<MapMetricsContext>();
        var options = new ReportOptions
        {
            Methods = ["gradcam"],
            Layers = ["features.12"],
            Classes = [281],
            Metrics = ctx =>
            {
                seen.Add(ctx);
                return new Dictionary<string, double> { ["peak"] = ctx.Map.Max(), ["class"] = ((ClassTarget)ctx.Target).ClassIndex };
            },
        };
        var report = ReportBuilder.Build(Squeezenet, input, "cat-dog.png", options);

        var ctx = Assert.Single(seen);
        Assert.Equal(("gradcam", "features.12", 224, 224), (ctx.Method, ctx.Layer, ctx.Height, ctx.Width));
        Assert.Same(input.Tensor, ctx.Input);
        var direct = CamRunner.Run(Squeezenet, input.Tensor, Squeezenet.ResolveLayer("features.12"), new GradCam(), [new ClassTarget(281)]);
        Assert.Equal(direct.Maps[0], ctx.Map);
        var metrics = Assert.Single(report.Maps).Metrics;
        Assert.Equal(1.0, metrics["peak"], 6);
        Assert.Equal(281.0, metrics["class"]);
    }

    [Fact]
    public void Build_Defaults_TopClassAtTheLastSpatialLayerAndSortedPredictions()
    {
        var input = CatDog();
        var report = ReportBuilder.Build(Squeezenet, input, "cat-dog.png", new ReportOptions { TopK = 4, ClassNames = ["zero", "one"] });

        var probabilities = Squeezenet.Run(input.Tensor)[0].Floats.ToArray();
        int best = Array.IndexOf(probabilities, probabilities.Max());
        Assert.Equal(4, report.Predictions.Count);
        Assert.Equal(best, report.Predictions[0].Index);
        Assert.True(report.Predictions.Zip(report.Predictions.Skip(1)).All(p => p.First.Probability >= p.Second.Probability));
        Assert.Equal($"class {best}", report.Predictions[0].Name);
        Assert.Equal([best], report.Classes.Select(c => c.Index));
        Assert.Equal("features.12", Assert.Single(report.Layers).Name); // the profile's layer, not the class-score map
        Assert.Equal(Squeezenet.Profile.CamLayer!.Name, report.Layers[0].Name);
        Assert.Equal(ReportOptions.DefaultMethods.Count, report.Maps.Count);
    }

    [Theory]
    [InlineData("guidedbackprop", "not one")]
    [InlineData("dff", "not one")]
    [InlineData("gradkam", "gradcam++")]
    public void Build_MethodWithoutAMap_ClearError(string method, string expected)
    {
        var e = Assert.Throws<InputException>(() => ReportBuilder.Build(Squeezenet, CatDog(), "cat-dog.png", new ReportOptions { Methods = [method] }));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Build_ClassOutOfRange_NamesItAndTheRange()
    {
        var e = Assert.Throws<InputException>(() => ReportBuilder.Build(Squeezenet, CatDog(), "cat-dog.png", new ReportOptions { Classes = [1000] }));
        Assert.Contains("1000", e.Message);
        Assert.Contains("0..999", e.Message);
    }

    [Fact]
    public void Build_Detector_SaysTheReportIsForClassifiers()
    {
        var model = TestModels.Asset("fastestdet");
        var (h, w) = model.StaticInputSize!.Value;
        var input = Preprocessor.Prepare(ImageDecoder.Load(Fixtures.Asset("images/bus.jpg")), h, w, PreprocessOptions.Raw);
        var e = Assert.Throws<InputException>(() => ReportBuilder.Build(model, input, "bus.jpg"));
        Assert.Contains("boxam", e.Message);
        Assert.Contains("fastestdet.onnx", e.Message);
    }
}
