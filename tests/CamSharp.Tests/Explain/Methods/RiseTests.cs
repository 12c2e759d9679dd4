using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Explain.References;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain.Methods;

public sealed class RiseTests
{
    public static TheoryData<int> Cases() => MethodReferences.Indices("rise");

    /// <summary>OpenVINO XAI's RISE with the same masks (tools/reference_data/rise_reference.py).</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_GivenMasks_MatchesOpenVinoXai(int index)
    {
        var c = ReferenceCase.Load("rise", index);
        var masks = Masks(c.Int("masks"), c.Int("cells"), c.Real("probability"), c.Int("seed"), c.Input.Shape[2], c.Input.Shape[3]);
        var result = CamRunner.Run(c.Model, c.Input, [], new Rise(new RiseOptions { Masks = masks }), [new ClassTarget(c.Class)]);
        c.AssertMatches(result.Maps[0]);
    }

    [Fact]
    public void Run_SameSeed_SameMap_OtherSeed_OtherMap()
    {
        var model = TestModels.Fixture("digitcnn");
        var input = MethodReferences.RunInput("digitcnn__d96_a__96x96");
        float[] Map(int seed) => CamRunner.Run(model, input, [], new Rise(new RiseOptions { MaskCount = 40, Seed = seed }), [new ClassTarget(3)]).Maps[0];
        var first = Map(7);
        Assert.Equal(0, Assertions.MaxAbsDiff(first, Map(7)));
        Assert.True(Assertions.MaxAbsDiff(first, Map(8)) > 1e-2);
    }

    [Fact]
    public void MasksFor_GeneratedMasks_ReuseReleasedBuffersWithTheSameValues()
    {
        var masks = new RiseOptions { MaskCount = 3, Seed = 5 }.MasksFor(32, 32);
        var first = masks.Make(1);
        var expected = (float[])first.Clone();
        masks.Release(first);
        var reused = masks.Make(1);
        Assert.Same(first, reused);
        Assert.Equal(expected, reused);
        Assert.NotSame(reused, masks.Make(2)); // nothing released since: a fresh buffer
    }

    [Fact]
    public void MasksFor_GivenMasks_AreNeverWrittenOver()
    {
        var given = new[] { Enumerable.Repeat(0.25f, 16).ToArray(), Enumerable.Repeat(0.75f, 16).ToArray() };
        var masks = new RiseOptions { Masks = given }.MasksFor(4, 4);
        masks.Release(masks.Make(0));
        Assert.Same(given[1], masks.Make(1));
        Assert.All(given[0], v => Assert.Equal(0.25f, v));
    }

    [Fact]
    public void FromGrid_AllCellsOn_IsOneEverywhere()
    {
        var mask = RiseMasks.FromGrid(Enumerable.Repeat(true, 64).ToArray(), 8, 5, 3, 96, 96);
        Assert.All(mask, v => Assert.Equal(1f, v, 1e-6f));
    }

    [Fact]
    public void Run_MaskOfWrongSize_Throws()
    {
        var model = TestModels.Fixture("digitcnn");
        var input = MethodReferences.RunInput("digitcnn__d96_a__96x96");
        var rise = new Rise(new RiseOptions { Masks = [new float[10]] });
        var e = Assert.Throws<InputException>(() => CamRunner.Run(model, input, [], rise, [new ClassTarget(3)]));
        Assert.Contains("96×96", e.Message);
    }

    /// <summary>The reference script's masks: grids and shifts from <see cref="Lcg"/>, built by <see cref="RiseMasks.FromGrid"/>.</summary>
    internal static float[][] Masks(int count, int cells, double p, int seed, int height, int width)
    {
        var rng = new Lcg(seed);
        int cellH = RiseMasks.CellSize(height, cells), cellW = RiseMasks.CellSize(width, cells);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var grid = Enumerable.Range(0, cells * cells).Select(_ => rng.Next() < p).ToArray();
            int y = (int)(rng.Next() * cellH), x = (int)(rng.Next() * cellW);
            return RiseMasks.FromGrid(grid, cells, y, x, height, width);
        }).ToArray();
    }
}
