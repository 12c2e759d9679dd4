using CamSharp.Detection;
using CamSharp.Detection.Heads;
using CamSharp.Detection.Targets;
using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Detection.Targets;

public sealed class BoxTargetTests
{
    // A 4x4-grid tiny-detector output (2 classes) on a 32x32 input, random logits.
    private static Tensor TinyOutput(int seed)
    {
        var rng = new Random(seed);
        var data = new float[7 * 16];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        return Tensor.FromFloats(data, 1, 7, 4, 4);
    }

    private static (DetectionHead Head, Tensor Output, CamSharp.Detection.Detection Box) Setup(int seed, int anchor)
    {
        var output = TinyOutput(seed);
        var head = new TinyYoloHead(0, output.Shape, 32, 32);
        var (cls, score) = head.Best(output.Floats, 0, anchor);
        var box = head.Box(output.Floats, 0, anchor);
        return (head, output, new CamSharp.Detection.Detection(cls, (float)score, anchor, box, box));
    }

    [Fact]
    public void BoxMatchTarget_UnperturbedOutput_IsOnePlusOwnScore()
    {
        var (head, output, box) = Setup(1, 5);
        float value = new BoxMatchTarget(head, [box]).Score([output], 0);
        Assert.Equal(1 + box.Score, value, 4);
    }

    [Fact]
    public void BoxMatchTarget_ShiftedBox_GradientMatchesFiniteDifferences()
    {
        var (head, output, box) = Setup(2, 9);
        // Move the fixed box a little so the IoU term is differentiable and below 1.
        var shifted = box with { InputBox = new DetectionBox(box.InputBox.X0 + 1.5, box.InputBox.Y0 - 1, box.InputBox.X1 + 0.5, box.InputBox.Y1 + 2) };
        var target = new BoxMatchTarget(head, [shifted]);
        AssertGradient(target, output);
    }

    [Fact]
    public void BoxMatchTarget_NoPredictionOverlaps_IsZeroWithZeroGradient()
    {
        var (head, output, box) = Setup(3, 0);
        var far = box with { InputBox = new DetectionBox(1000, 1000, 1010, 1010) };
        var seed = Tensor.Zeros(output.Shape);
        Assert.Equal(0f, new BoxMatchTarget(head, [far]).Accumulate([output], 0, [seed]));
        Assert.All(seed.ToFloatArray(), g => Assert.Equal(0f, g));
    }

    [Fact]
    public void BoxScoreTarget_TinyHead_IsObjectnessPlusClassLogit()
    {
        var (head, output, box) = Setup(4, 6);
        var seed = Tensor.Zeros(output.Shape);
        float value = new BoxScoreTarget(head, [box]).Accumulate([output], 0, [seed]);
        int obj = head.Index(0, 6, 0), cls = head.Index(0, 6, 5 + box.Class);
        Assert.Equal(output.Floats[obj] + output.Floats[cls], value, 5);
        Assert.Equal(1f, seed.Floats[obj]);
        Assert.Equal(1f, seed.Floats[cls]);
        Assert.Equal(2f, seed.ToFloatArray().Sum(), 5);
    }

    [Fact]
    public void BoxScoreTarget_YoloxHead_GradientMatchesFiniteDifferences()
    {
        var rng = new Random(5);
        int anchors = YoloxHead.Cells(32, 32).Length;
        var data = new float[anchors * 8];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 0.8 + 0.1);
        var output = Tensor.FromFloats(data, 1, anchors, 8);
        var head = new YoloxHead(0, output.Shape, 32, 32);
        var box = new CamSharp.Detection.Detection(2, 0, 7, default, default);
        AssertGradient(new BoxScoreTarget(head, [box]), output);
    }

    /// <summary>Central differences of the target's value against the seed it writes, at every output element.</summary>
    private static void AssertGradient(OutputTarget target, Tensor output)
    {
        var seed = Tensor.Zeros(output.Shape);
        target.Accumulate([output], 0, [seed]);
        var analytic = seed.ToFloatArray();
        Assert.Contains(analytic, g => g != 0);
        for (int i = 0; i < output.Length; i++)
        {
            float keep = output.Floats[i];
            const float h = 1e-3f;
            output.Floats[i] = keep + h;
            double up = target.Score([output], 0);
            output.Floats[i] = keep - h;
            double down = target.Score([output], 0);
            output.Floats[i] = keep;
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-2 * Math.Max(1, Math.Abs(numeric)), $"element {i}: analytic {analytic[i]}, numeric {numeric}");
        }
    }
}
