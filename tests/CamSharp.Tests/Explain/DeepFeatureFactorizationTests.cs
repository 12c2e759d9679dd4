using CamSharp.Demo;
using CamSharp.Explain;
using CamSharp.Explain.Math;
using CamSharp.Imaging.Preprocessing;
using Xunit;

namespace CamSharp.Tests.Explain;

public sealed class DeepFeatureFactorizationTests
{
    [Fact]
    public void Nmf_RankTwoMatrix_IsReconstructedWithNonNegativeFactors()
    {
        var rng = new Random(2);
        int rows = 12, cols = 30, k = 2;
        var a = Enumerable.Range(0, rows * k).Select(_ => rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, k * cols).Select(_ => rng.NextDouble()).ToArray();
        var v = new double[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                for (int j = 0; j < k; j++) v[r * cols + c] += a[r * k + j] * b[j * cols + c];
        var (w, h) = Nmf.Factorize(v, rows, cols, k, iterations: 2000);
        Assert.All(w, x => Assert.True(x >= 0));
        Assert.All(h, x => Assert.True(x >= 0));
        double err = 0, norm = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double s = 0;
                for (int j = 0; j < k; j++) s += w[r * k + j] * h[j * cols + c];
                err += (s - v[r * cols + c]) * (s - v[r * cols + c]);
                norm += v[r * cols + c] * v[r * cols + c];
            }
        Assert.True(Math.Sqrt(err / norm) < 0.02, $"relative error {Math.Sqrt(err / norm)}");
    }

    [Fact]
    public void Run_DemoModel_ConceptsHaveMapsAndHeadScores()
    {
        var model = DemoModel.Load();
        var (image, _) = ShapeImages.Draw(new Random(8), 1);
        var input = Preprocessor.Prepare(image, 64, 64, PreprocessOptions.Raw).Tensor;
        var concepts = DeepFeatureFactorization.Run(model, input, model.ResolveLayer(DemoModel.CamLayer)[^1], concepts: 4);
        Assert.Equal(4, concepts.Count);
        foreach (var c in concepts)
        {
            Assert.Equal(64, c.Vector.Length);
            Assert.Equal(64 * 64, c.Maps[0].Length);
            Assert.All(c.Maps[0], v => Assert.InRange(v, 0f, 1.0001f));
            Assert.Equal(5, c.Scores.Length);
        }
        // NMF may leave a concept unused (all zero); the others are scaled to a peak of 1.
        Assert.Contains(concepts, c => c.Maps[0].Max() > 0.99f);
        // Some concept should speak for the drawn square.
        Assert.Contains(concepts, c => Array.IndexOf(c.Scores, c.Scores.Max()) == 1);
    }

    [Fact]
    public void Run_MoreConceptsThanChannels_IsRefusedBeforeFactorising()
    {
        var model = DemoModel.Load();
        var (image, _) = ShapeImages.Draw(new Random(8), 1);
        var input = Preprocessor.Prepare(image, 64, 64, PreprocessOptions.Raw).Tensor;
        var e = Assert.Throws<CamSharp.Engine.InputException>(() =>
            DeepFeatureFactorization.Run(model, input, model.ResolveLayer(DemoModel.CamLayer)[^1], concepts: 100_000));
        Assert.Contains("at most 64", e.Message);
    }
}
