using CamSharp.Detection;
using CamSharp.Detection.Targets;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Explain.References;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain.Methods;

public sealed class DriseTests
{
    public static TheoryData<int> Cases() => MethodReferences.Indices("drise");

    /// <summary>vision-explanation-methods' D-RISE with the same masks (tools/reference_data/drise_reference.py), per box.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_TinyYoloBox_MatchesVisionExplanationMethods(int index)
    {
        var c = ReferenceCase.Load("drise", index);
        var (head, found) = Detect(c.Model, c.Input);
        var box = found.Single(d => d.Anchor == c.Int("anchor"));
        Assert.Equal(c.Int("label"), box.Class);
        var masks = Masks(c.Int("masks"), c.Int("resolution"), c.Int("seed"), c.Input.Shape[2], c.Input.Shape[3]);
        var result = CamRunner.Run(c.Model, c.Input, [], new Drise(new DriseOptions { Masks = masks }), [new BoxScoreTarget(head, [box])]);
        c.AssertMatches(result.Maps[0]);
    }

    [Fact]
    public void Run_ClassTarget_ThrowsAskingForBoxes()
    {
        var model = TestModels.Fixture("tinyyolo");
        var input = MethodReferences.RunInput("tinyyolo__det96_a__96x96");
        var e = Assert.Throws<InputException>(() => CamRunner.Run(model, input, [], new Drise(new DriseOptions { MaskCount = 2 }), [new ClassTarget(0)]));
        Assert.Contains("box", e.Message);
    }

    [Fact]
    public void Run_CustomReader_IsUsedForMaskedImages()
    {
        // A reader that finds nothing: every affinity is 0, so the map is 0 everywhere (the
        // head would find the boxes in most masked images).
        var model = TestModels.Fixture("tinyyolo");
        var input = MethodReferences.RunInput("tinyyolo__det96_a__96x96");
        var (head, found) = Detect(model, input);
        var target = DriseDetection.FromLabel(found[0].InputBox, found[0].Class, found[0].Score, head.Classes);
        var drise = new Drise(new DriseOptions { MaskCount = 6, Reader = (_, _) => [] });
        var maps = drise.Explain(model, input, [target], drise.Options.Reader!, new CamOptions());
        Assert.All(maps[0], v => Assert.Equal(0f, v));
        var byHead = new Drise(new DriseOptions { MaskCount = 6 }).Explain(model, input, [target], DetectionReaders.FromHead(head, new DetectionOptions()), new CamOptions());
        Assert.True(byHead[0].Max() > 0.5f);
    }

    [Fact]
    public void FromGrid_NearestResize_MatchesCellsAndCrop()
    {
        // 2×2 grid [1 0; 0 1] on a 4×4 image, pad 2: resized to 6×6 (3×3 blocks), crop at (1, 2).
        var mask = DriseMasks.FromGrid([true, false, false, true], 2, 2, 1, 2, 4, 4);
        float[] expected = [1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1];
        Assert.Equal(expected, mask);
    }

    private static (DetectionHead Head, List<CamSharp.Detection.Detection> Found) Detect(Model model, CamSharp.Tensors.Tensor input)
    {
        var head = DetectionHeads.Recognise(model, input.Shape[2], input.Shape[3], HeadKind.TinyYolo);
        using var pass = model.Session.Run(input);
        return (head, Detector.Detect(head, pass.Outputs, null, new DetectionOptions()));
    }

    /// <summary>The reference script's masks: grids and crop offsets from <see cref="Lcg"/>, built by <see cref="DriseMasks.FromGrid"/>.</summary>
    private static float[][] Masks(int count, int resolution, int seed, int height, int width)
    {
        var rng = new Lcg(seed);
        int pad = DriseMasks.Padding(height, width, resolution);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var grid = Enumerable.Range(0, resolution * resolution).Select(_ => rng.Next() < 0.5).ToArray();
            int top = (int)(rng.Next() * (pad + 1)), left = (int)(rng.Next() * (pad + 1));
            return DriseMasks.FromGrid(grid, resolution, pad, top, left, height, width);
        }).ToArray();
    }
}
