using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using Xunit;
using Xunit.Abstractions;

namespace CamSharp.Tests.Explain;

/// <summary>
/// Issue 5's pointing game: on 200 canvases drawn like the d96_* fixtures, the argmax of the
/// trained digit model's GradCAM map (default target layer, target = the true digit) falls
/// inside the digit's box at least 93 % of the time (pytorch-grad-cam scores 94.5 % on the
/// hidden set).
/// </summary>
public sealed class PointingGameTests(ITestOutputHelper output)
{
    private const int Canvases = 200, Batch = 25;

    [Fact]
    public void GradCam_DigitModel_PointsInsideTheDigitOnAtLeast93Percent()
    {
        var model = TestModels.Fixture("digitcnn");
        var canvases = Enumerable.Range(0, Canvases).Select(i => DigitCanvas.Draw(seed: 5000 + i)).ToArray();
        var first = canvases[0].ToTensor();
        string layer = model.Profile.CamLayer!.Values[0];

        int hits = 0, correct = 0;
        for (int start = 0; start < Canvases; start += Batch)
        {
            var chunk = canvases[start..(start + Batch)];
            using var input = TensorRows.Concat(chunk.Select(c => c.ToTensor()).ToArray());
            var targets = chunk.Select(c => (OutputTarget)new ClassTarget(c.Digits[0].Label)).ToArray();
            var result = CamRunner.Run(model, input, [layer], CamMethods.Create("gradcam"), targets);
            var logits = model.Run(input)[0];
            for (int b = 0; b < chunk.Length; b++)
            {
                var map = result.Maps[b];
                int at = map.AsSpan().IndexOf(map.Max());
                if (chunk[b].Digits[0].Contains(at % result.Width, at / result.Width)) hits++;
                if (ArgMax(logits.Floats.Slice(b * 10, 10)) == chunk[b].Digits[0].Label) correct++;
            }
        }

        output.WriteLine($"layer {layer}: pointing {hits}/{Canvases}, classified {correct}/{Canvases}");
        Assert.True(correct >= 0.9 * Canvases, $"the canvases are unlike the model's: it classifies only {correct}/{Canvases}");
        Assert.True(hits >= 0.93 * Canvases, $"GradCAM points inside the digit on {hits}/{Canvases}");
    }

    private static int ArgMax(ReadOnlySpan<float> v) => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(v);
}
