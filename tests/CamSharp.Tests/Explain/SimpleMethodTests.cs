using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain;

/// <summary>Methods without a pytorch-grad-cam fixture, checked against their formulas on hand-made layers.</summary>
public sealed class SimpleMethodTests
{
    /// <summary>A model whose output is its input, so the input itself is the explained layer.</summary>
    private static Model IdentityModel(int channels, int height, int width)
    {
        var b = new Onnx.ModelBuilder().Input("x", 1, 1, channels, height, width).Output("y", 1, 1, channels, height, width);
        b.Node("Identity", "/id/Identity", ["x"], ["y"]);
        return Model.Load(b.Bytes(), "identity.onnx");
    }

    [Fact]
    public void Fem_ChannelWeight_IsFractionAboveMeanPlusTwoSigma()
    {
        // Channel 0: nine 1s and one 10 (mean 1.9, sigma 2.7, threshold 7.3: one of ten above).
        // Channel 1: constant (threshold = mean: none above).
        var data = new float[20];
        for (int i = 0; i < 10; i++) data[i] = i == 9 ? 10 : 1;
        for (int i = 10; i < 20; i++) data[i] = 3;
        var model = IdentityModel(2, 2, 5);
        var input = Tensor.FromFloats(data, 1, 2, 2, 5);
        var result = CamRunner.Run(model, input, ["x"], new Fem());
        var w = result.Layers[0].Weights[0]!;
        Assert.Equal(0.1f, w[0], 6);
        Assert.Equal(0f, w[1]);
        Assert.Equal(data.Take(10).Select(v => 0.1f * v), result.Layers[0].RawMaps[0].Select(v => (float)Math.Round(v, 6)));
    }

    [Fact]
    public void RandomCam_SameSeed_SameWeightsInRange()
    {
        var model = IdentityModel(3, 2, 2);
        var input = Tensor.FromFloats(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 1, 3, 2, 2);
        var a = CamRunner.Run(model, input, ["x"], new RandomCam(7)).Layers[0].Weights[0]!;
        var b = CamRunner.Run(model, input, ["x"], new RandomCam(7)).Layers[0].Weights[0]!;
        Assert.Equal(a, b);
        Assert.All(a, v => Assert.InRange(v, -1f, 1f));
    }

    [Fact]
    public void SegEigenCam_IsEigenGradCamWithTheSignFixed()
    {
        var model = TestModels.Fixture("digitcnn");
        var input = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        string layer = model.ResolveLayer("block4")[^1];
        var seg = CamRunner.Run(model, input, [layer], new SegEigenCam()).Layers[0].RawMaps[0];
        var eig = CamRunner.Run(model, input, [layer], new EigenGradCam(), options: new CamOptions { FixSign = false }).Layers[0].RawMaps[0];
        double same = seg.Zip(eig).Max(p => Math.Abs(p.First - p.Second));
        double flipped = seg.Zip(eig).Max(p => Math.Abs(p.First + p.Second));
        Assert.True(Math.Min(same, flipped) < 1e-4 * eig.Max(Math.Abs));
        Assert.True(seg.Max() >= -seg.Min());
    }
}

public sealed class FinerCamTests
{
    [Fact]
    public void FinerCam_UsesTheFinerTargetOfTheTopClass()
    {
        var model = TestModels.Fixture("digitcnn");
        var input = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        string layer = model.ResolveLayer("block4")[^1];
        var finer = CamRunner.Run(model, input, [layer], new FinerCam());
        var logits = model.Run(input)[0];
        var expected = FinerTarget.Nearest(logits, 0);
        var direct = CamRunner.Run(model, input, [layer], new GradCam(), [expected]);
        Assert.Equal(direct.Scores[0], finer.Scores[0], 5);
        Assert.Equal(direct.Maps[0], finer.Maps[0]);
        Assert.Equal(3, expected.MainClass); // the fixture digit
    }
}

public sealed class ShapleyCamTests
{
    [Fact]
    public void ShapleyCam_LogitTargetOnReluHead_EqualsGradCam()
    {
        // Downstream of block4 the digit model is Relu/pool/linear: the Hessian vanishes.
        var model = TestModels.Fixture("digitcnn");
        var input = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        string layer = model.ResolveLayer("block4")[^1];
        var shapley = CamRunner.Run(model, input, [layer], new ShapleyCam(), [new ClassTarget(3)]);
        var grad = CamRunner.Run(model, input, [layer], new GradCam(), [new ClassTarget(3)]);
        var a = shapley.Layers[0].Weights[0]!;
        var b = grad.Layers[0].Weights[0]!;
        for (int i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i], 4);
    }

    [Fact]
    public void ShapleyCam_ReStTarget_HessianTermMatchesSecondDifference()
    {
        // With ReST (softmax inside) the correction is not zero, and it must match the change of
        // the channel-mean gradient between A·(1 ± 1e-2).
        var model = TestModels.Fixture("digitcnn");
        var input = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        string layer = model.ResolveLayer("block4")[^1];
        var target = new ReStTarget(8);
        var shapley = CamRunner.Run(model, input, [layer], new ShapleyCam(1e-3f), [target]).Layers[0].Weights[0]!;
        var coarse = CamRunner.Run(model, input, [layer], new ShapleyCam(1e-2f), [target]).Layers[0].Weights[0]!;
        var grad = CamRunner.Run(model, input, [layer], new GradCam(), [target]).Layers[0].Weights[0]!;
        double correction = shapley.Zip(grad).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(correction > 1e-6, "the Hessian term should not vanish for a softmax target");
        double agreement = shapley.Zip(coarse).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(agreement < 0.05 * correction + 1e-7, $"eps 1e-3 vs 1e-2 differ by {agreement}, correction {correction}");
    }

    [Fact]
    public void ShapleyCam_OneMethodObjectOnTwoImages_EachEqualsAFreshRun()
    {
        // cam with several images reuses one method object; its H·A cache must follow the pass.
        var model = TestModels.Fixture("digitcnn");
        var first = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        using var second = DigitCanvas.Draw(seed: 11).ToTensor();
        string layer = model.ResolveLayer("block4")[^1];
        var shared = new ShapleyCam();
        CamRunner.Run(model, first, [layer], shared, [new ReStTarget(8)]);
        var reused = CamRunner.Run(model, second, [layer], shared, [new ReStTarget(8)]).Layers[0].Weights[0]!;
        var fresh = CamRunner.Run(model, second, [layer], new ShapleyCam(), [new ReStTarget(8)]).Layers[0].Weights[0]!;
        Assert.Equal(fresh, reused);
    }
}
