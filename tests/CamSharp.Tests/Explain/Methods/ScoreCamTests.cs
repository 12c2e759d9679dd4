using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Imaging;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain.Methods;

public sealed class ScoreCamTests
{
    [Fact]
    public void ChannelWeights_DeadAndLiveChannels_EqualOneForwardPerChannel()
    {
        // The digit negated leaves some of digitcnn's layer channels zero everywhere: they share one forward of a
        // zero input in ScoreCam; here every channel gets its own forward, as pytorch-grad-cam runs them.
        var model = TestModels.Fixture("digitcnn");
        using var input = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        System.Numerics.Tensors.TensorPrimitives.Negate(input.Floats, input.Floats);
        string layer = model.Profile.CamLayer!.Values[0];
        var target = new ClassTarget(3);
        var result = CamRunner.Run(model, input, [layer], CamMethods.Create("scorecam"), [target], new CamOptions { BatchSize = 4 });

        using var pass = model.Session.Run(input, new RunOptions { Taps = [layer] });
        var activations = pass.Value(layer);
        int channels = activations.Shape[1], lh = activations.Shape[2], lw = activations.Shape[3];
        int height = input.Shape[2], width = input.Shape[3], plane = height * width;
        var scores = new float[channels];
        int dead = 0;
        for (int c = 0; c < channels; c++)
        {
            var channel = activations.Floats.Slice(c * lh * lw, lh * lw).ToArray();
            if (channel.All(v => v == 0)) dead++;
            var mask = ImageResize.ResizeAlignCorners(new FloatMap(lw, lh, channel), width, height).Data;
            float min = mask.Min(), max = mask.Max();
            using var masked = input.Clone();
            for (int ch = 0; ch < input.Shape[1]; ch++)
                for (int i = 0; i < plane; i++) masked.Floats[ch * plane + i] = input.Floats[ch * plane + i] * ((mask[i] - min) / (max - min + 1e-8f));
            using var run = model.Session.Run(masked);
            scores[c] = target.Score(run.Outputs, 0);
        }
        Assert.True(dead >= 1 && dead < channels, $"{dead} of {channels} channels are zero everywhere");
        float top = scores.Max();
        var expected = scores.Select(s => MathF.Exp(s - top)).ToArray();
        float sum = expected.Sum();
        Assertions.AssertRelative(expected.Select(e => e / sum).ToArray(), result.Layers[0].Weights[0]!, 1e-4, "weights");
    }
}
