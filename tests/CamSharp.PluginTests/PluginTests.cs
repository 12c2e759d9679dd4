using CamSharp;
using CamSharp.Application;
using CamSharp.Demo;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.PluginTests;

/// <summary>A user's own method: channel weights = spatial maximum of the gradient.</summary>
public sealed class MaxGradCam : CamMethod
{
    public override string Name => "maxgradcam";

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b)
    {
        var w = new float[layer.Channels];
        for (int c = 0; c < w.Length; c++) w[c] = System.Numerics.Tensors.TensorPrimitives.Max(layer.G(b, c));
        return w;
    }
}

/// <summary>A user's own target: the margin between two classes.</summary>
public sealed class MarginTarget(int a, int b) : OutputTarget
{
    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        int classes = outputs[0].Length / outputs[0].Shape[0];
        seeds[0].Floats[row * classes + a] += 1;
        seeds[0].Floats[row * classes + b] -= 1;
        return outputs[0].Floats[row * classes + a] - outputs[0].Floats[row * classes + b];
    }
}

public sealed class PluginTests
{
    [Fact]
    public void CustomMethodAndTarget_RunThroughThePublicPipeline()
    {
        var model = DemoModel.Load();
        var (image, box) = ShapeImages.Draw(new Random(3), 4);
        var input = Preprocessor.Prepare(image, 64, 64, PreprocessOptions.Raw).Tensor;
        string layer = model.ResolveLayer(DemoModel.CamLayer)[^1];

        var result = CamRunner.Run(model, input, [layer], new MaxGradCam(), [new MarginTarget(4, 0)]);

        var map = result.Maps[0];
        Assert.Equal(64 * 64, map.Length);
        Assert.InRange(map.Max(), 0.99f, 1.0001f);
        Assert.True(result.Scores[0] > 0, "the star should beat the circle");
        Assert.Equal(64, result.Layers[0].Weights[0]!.Length);
        // The map should look at the star: its peak inside the star's bounding box (with a small margin).
        int at = Enumerable.Range(0, map.Length).MaxBy(i => map[i]);
        Assert.InRange(at % 64, box.X0 - 6, box.X1 + 6);
        Assert.InRange(at / 64, box.Y0 - 6, box.Y1 + 6);
    }

    [Fact]
    public void CustomMethodAndTarget_RunThroughTheExplainer()
    {
        var model = DemoModel.Load();
        var (image, box) = ShapeImages.Draw(new Random(3), 4);
        var explainer = new Explainer(model, new ExplainerOptions { CustomMethod = () => new MaxGradCam(), Layers = [DemoModel.CamLayer] });

        var result = explainer.Explain(image, [new ExplainTarget { Custom = new MarginTarget(4, 0) }]);

        var shown = Assert.Single(result.Maps);
        Assert.Equal("maxgradcam", result.Method);
        Assert.True(shown.Score > 0, "the star should beat the circle");
        var map = shown.OnImage!;
        int at = Enumerable.Range(0, map.Data.Length).MaxBy(i => map.Data[i]);
        Assert.InRange(at % map.Width, box.X0 - 6, box.X1 + 6);
        Assert.InRange(at / map.Width, box.Y0 - 6, box.Y1 + 6);
    }
}
