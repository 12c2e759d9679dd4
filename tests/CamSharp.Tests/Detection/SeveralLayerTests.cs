using CamSharp.Detection;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Imaging;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Detection;

/// <summary>
/// Box maps on several target layers at different strides: the detector's default layers (the
/// head's inputs), MMYOLO's stacking for gradient-free methods, and the per-layer average for
/// gradient methods.
/// </summary>
public sealed class SeveralLayerTests
{
    private const string YoloCase = "real/cases/yolov8n_dequant_fp32__bus.jpg/";

    private static Model Yolo => TestModels.Asset("yolov8n_dequant_fp32");

    private static string Reference(string suffix) =>
        Path.Combine(Fixtures.RepoRoot, "tests", "CamSharp.Tests", "Detection", "Data", $"yolov8n_bus_neck_stack.{suffix}.npy");

    [Fact]
    public void HeadInputs_YoloV8n_AreTheNeckOutputsFeedingModel22AtStrides8To32()
    {
        var inputs = BoxMaps.HeadInputs(Yolo);
        Assert.NotNull(inputs);
        Assert.Equal(new[] { "model.15", "model.18", "model.21" }.Select(m => Yolo.ResolveLayer(m).Single()), inputs);
        var plan = Yolo.Session.GetPlan(1, 3, 640, 640);
        Assert.Equal([80, 40, 20], inputs.Select(v => plan.TryShapeOf(v)![2]));
    }

    [Fact]
    public void HeadInputs_TinyDetector_IsTheBackboneOutput()
    {
        var inputs = BoxMaps.HeadInputs(TinyDetector.Model);
        Assert.Equal([TinyDetector.Model.ResolveLayer("backbone.block4").Single()], inputs);
    }

    [Fact]
    public void LevelStack_YoloV8nNeck_EqualsTorchInterpolateOfAbsConcatenated()
    {
        var input = Fixtures.Npy(YoloCase + "input.npy.gz");
        var layers = BoxMaps.HeadInputs(Yolo)!;
        using var pass = Yolo.Session.Run(input, new RunOptions { Taps = layers });
        var stacked = LevelStack.Combine(layers, pass.Value);
        using var values = stacked.Activations;

        Assert.Equal([1, 64 + 128 + 256, 80, 80], values.Shape);
        Assert.Equal([0, 64, 192], stacked.Levels!.Select(l => l.FirstChannel));
        Assert.Equal(layers, stacked.Levels!.Select(l => l.Value));
        var means = Enumerable.Range(0, stacked.Channels).Select(c => System.Numerics.Tensors.TensorPrimitives.Sum(stacked.A(0, c)) / stacked.Pixels).ToArray();
        Assertions.AssertRelative(means, CamSharp.Tensors.Npy.ReadTensor(Reference("channel_means")).Floats, 1e-4, "channel means of the stack");
    }

    [Fact]
    public void BoxCam_EigenCamOnYoloV8nHeadInputs_ProjectsTheStack()
    {
        var input = Fixtures.Npy(YoloCase + "input.npy.gz");
        var head = DetectionHeads.Recognise(Yolo, 640, 640);
        var found = Detector.Detect(head, Yolo.Run(input), null, new DetectionOptions());
        var result = BoxCam.Run(Yolo, input, head, found, BoxMaps.HeadInputs(Yolo)!, new EigenCam(), perBox: false).Single().Result;

        var layer = Assert.Single(result.Layers);
        Assert.Equal((80, 80), (layer.Height, layer.Width));
        var ours = layer.RawMaps[0];
        var reference = CamSharp.Tensors.Npy.ReadTensor(Reference("eigencam")).Floats.ToArray();
        var flipped = reference.Select(v => -v).ToArray();
        double scale = reference.Max(Math.Abs);
        double diff = Math.Min(Assertions.MaxAbsDiff(ours, reference), Assertions.MaxAbsDiff(ours, flipped));
        Assert.True(diff <= 1e-3 * scale, $"max |diff| {diff:G4} vs max |ref| {scale:G4}");
    }

    [Fact]
    public void BoxCam_AblationCamOnTwoStrides_WeighsEachChannelByAblatingItInItsOwnLayer()
    {
        var (prepared, head, box) = FirstDigit();
        string[] layers = [Model.ResolveLayer("backbone.block2").Single(), Model.ResolveLayer("backbone.block4").Single()];
        var stacked = BoxCam.Run(Model, prepared.Tensor, head, [box], layers, new AblationCam(), perBox: true).Single().Result;

        var layer = Assert.Single(stacked.Layers);
        Assert.Equal((24, 24), (layer.Height, layer.Width));
        var each = layers.SelectMany(l => BoxCam.Run(Model, prepared.Tensor, head, [box], [l], new AblationCam(), perBox: true).Single().Result.Layers[0].Weights[0]!);
        Assert.Equal(each.ToArray(), layer.Weights[0]);
        Assert.Contains(layer.Weights[0]!, w => w != 0);
    }

    [Theory]
    [InlineData("gradcam")]
    [InlineData("layercam")]
    public void BoxCam_GradientMethodOnTwoStrides_AveragesTheLayersMaps(string name)
    {
        var (prepared, head, box) = FirstDigit();
        string[] layers = [Model.ResolveLayer("backbone.block2").Single(), Model.ResolveLayer("backbone.block4").Single()];
        var both = BoxCam.Run(Model, prepared.Tensor, head, [box], layers, CamMethods.Create(name), perBox: true).Single();

        Assert.Equal(2, both.Result.Layers.Count);
        // Each layer's map is its own (as if run alone); pytorch-grad-cam's aggregation: per layer
        // ReLU, min-max, resize; then the mean and min-max again.
        var alone = layers.Select(l => BoxCam.Run(Model, prepared.Tensor, head, [box], [l], CamMethods.Create(name), perBox: true).Single()).ToArray();
        var single = alone.Select(a => a.Result.Layers[0]).ToArray();
        var expected = new float[96 * 96];
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(single[l].RawMaps[0], both.Result.Layers[l].RawMaps[0]);
            var m = (float[])single[l].RawMaps[0].Clone();
            MapMath.Relu(m);
            MapMath.MinMax(m);
            var resized = MapMath.Resize(m, single[l].Height, single[l].Width, 96, 96);
            for (int i = 0; i < expected.Length; i++) expected[i] += resized[i] / 2;
        }
        MapMath.MinMax(expected);
        double diff = Assertions.MaxAbsDiff(both.Map, expected);
        Assert.True(diff <= 1e-6, $"max |diff| {diff:G4}");
        Assert.True(alone.All(a => Assertions.MaxAbsDiff(both.Map, a.Map) > 0.02), "the average should differ from each layer's own map");
    }

    private static Model Model => TinyDetector.Model;

    private static (CamSharp.Imaging.Preprocessing.PreparedInput, DetectionHead, CamSharp.Detection.Detection) FirstDigit()
    {
        var prepared = TinyDetector.Prepare(ImageDecoder.Load(Fixtures.File("inputs/det96_a.png")));
        var (head, found) = TinyDetector.Detect(prepared);
        return (prepared, head, found[0]);
    }
}
