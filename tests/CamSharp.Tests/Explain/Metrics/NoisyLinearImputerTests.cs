using CamSharp.Explain.Metrics;
using Xunit;

namespace CamSharp.Tests.Explain.Metrics;

public sealed class NoisyLinearImputerTests
{
    private static string Data(string name) => Path.Combine(Fixtures.RepoRoot, "tests", "CamSharp.Tests", "Explain", "Data", name);

    [Fact]
    public void Impute_SmallCase_MatchesScipySpsolve()
    {
        // Reference made by tools/reference_data/metrics_reference.py (pytorch-grad-cam's system, scipy spsolve, noise 0).
        var image = CamSharp.Tensors.Npy.ReadTensor(Data("imputer_image.npy"));
        var mask = CamSharp.Tensors.Npy.ReadTensor(Data("imputer_mask.npy"));
        var expected = CamSharp.Tensors.Npy.ReadTensor(Data("imputer_spsolve.npy"));
        int c = image.Shape[0], h = image.Shape[1], w = image.Shape[2];
        var keep = mask.Floats.ToArray().Select(v => v > 0.5f).ToArray();
        var ours = new NoisyLinearImputer { Noise = 0 }.Impute(image.Floats, c, h, w, keep);
        Assertions.AssertRelative(ours, expected.Floats, 1e-5, "imputed image");
    }

    [Fact]
    public void Impute_RoadMaskOnFixtureImage_EveryRemovedPixelIsTheWeightedMeanOfItsNeighbours()
    {
        var image = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        var map = Fixtures.Npy("outputs/cams/digitcnn__d96_a__96x96__block4__GradCAM__c3.npy").Floats.ToArray();
        int c = image.Shape[1], h = image.Shape[2], w = image.Shape[3];
        foreach (double percentile in new[] { 10.0, 50, 90 })
        {
            var keep = RoadMask.Keep(map, percentile, mostRelevantFirst: true);
            var filled = new NoisyLinearImputer { Noise = 0 }.Impute(image.Floats, c, h, w, keep);
            Assert.True(MaxEquationError(image.Floats.ToArray(), filled, keep, c, h, w) <= 1e-6, $"percentile {percentile}");
        }
    }

    /// <summary>
    /// The imputer's equations written out from their definition (not through ImputationSystem):
    /// known pixels unchanged; a removed pixel times the weight of its in-image neighbours equals the
    /// weighted sum of those neighbours (edges 1/6, diagonals 1/12). Returns the largest violation.
    /// </summary>
    private static double MaxEquationError(float[] original, float[] filled, bool[] keep, int channels, int h, int w)
    {
        double worst = 0;
        for (int ch = 0; ch < channels; ch++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    int at = ch * h * w + y * w + x;
                    if (keep[y * w + x])
                    {
                        worst = Math.Max(worst, Math.Abs(filled[at] - original[at]));
                        continue;
                    }
                    double total = 0, weighted = 0;
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            if ((dy == 0 && dx == 0) || y + dy < 0 || x + dx < 0 || y + dy >= h || x + dx >= w) continue;
                            double weight = dy == 0 || dx == 0 ? 1.0 / 6 : 1.0 / 12;
                            total += weight;
                            weighted += weight * filled[ch * h * w + (y + dy) * w + x + dx];
                        }
                    worst = Math.Max(worst, Math.Abs(total * filled[at] - weighted));
                }
        return worst;
    }

    [Fact]
    public void ImputationSystem_Solution_MeetsItsEquationsTo1e6()
    {
        var image = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        var map = Fixtures.Npy("outputs/cams/digitcnn__d96_a__96x96__block4__ScoreCAM__c3.npy").Floats.ToArray();
        var keep = RoadMask.Keep(map, 20, mostRelevantFirst: false);
        var system = new ImputationSystem(image.Floats, 3, 96, 96, keep);
        var solution = system.Solve();
        for (int c = 0; c < 3; c++) Assert.True(system.MaxResidual(c, solution[c]) <= 1e-6, $"channel {c}");
    }

    [Fact]
    public void Impute_WithNoise_AddsUnitGaussianScaledByNoiseToRemovedPixelsOnly()
    {
        var image = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        var map = Fixtures.Npy("outputs/cams/digitcnn__d96_a__96x96__block4__ScoreCAM__c3.npy").Floats.ToArray();
        var keep = RoadMask.Keep(map, 50, mostRelevantFirst: true);
        var clean = new NoisyLinearImputer { Noise = 0 }.Impute(image.Floats, 3, 96, 96, keep);
        var noisy = new NoisyLinearImputer().Impute(image.Floats, 3, 96, 96, keep, new Random(5));
        var diffs = new List<double>();
        for (int i = 0; i < clean.Length; i++)
        {
            if (keep[i % (96 * 96)]) Assert.Equal(clean[i], noisy[i]);
            else diffs.Add(noisy[i] - clean[i]);
        }
        double mean = diffs.Average(), std = Math.Sqrt(diffs.Average(d => (d - mean) * (d - mean)));
        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(std, 0.0095, 0.0105);
    }

    [Fact]
    public void Impute_GivenWeights_AreUsed()
    {
        // Only edge neighbours: the removed centre of a 3×3 image is the mean of its 4 edge neighbours.
        var image = new float[] { 9, 1, 9, 2, 0, 4, 9, 3, 9 };
        var keep = Enumerable.Range(0, 9).Select(i => i != 4).ToArray();
        var filled = new NoisyLinearImputer { Noise = 0, DiagonalWeight = 0 }.Impute(image, 1, 3, 3, keep);
        Assert.Equal(2.5, filled[4], 5);
    }

    [Fact]
    public void Impute_MaskKeepingNothing_ThrowsInsteadOfSolvingASingularSystem()
    {
        var e = Assert.Throws<ArgumentException>(() => new NoisyLinearImputer().Impute(new float[4], 1, 2, 2, new bool[4]));
        Assert.Contains("keeps no pixel", e.Message);
    }
}
