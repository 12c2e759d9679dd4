using CamSharp.Explain.Metrics;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using CamSharp.Tests.Onnx;
using Xunit;

namespace CamSharp.Tests.Explain.Metrics;

/// <summary>
/// Metrics on a model whose output is each channel's mean (GlobalAveragePool → Flatten), so the
/// expected values follow by hand: the target (class 0) is the mean of the first channel.
/// </summary>
public sealed class HandCheckedMetricTests
{
    private static readonly Lazy<Model> ChannelMeans = new(() =>
    {
        var b = new ModelBuilder().Input("x", 1, -1, 3, -1, -1).Output("y", 1, -1, 3);
        b.Node("GlobalAveragePool", "/pool/GlobalAveragePool", ["x"], ["g"]);
        b.Node("Flatten", "/flatten/Flatten", ["g"], ["y"]);
        return Model.Load(b.Bytes(), "channel_means.onnx");
    });

    private static MetricInput Input(float[] image, int h, int w, float[] map) =>
        new(ChannelMeans.Value, Tensor.FromFloats(image, 1, 3, h, w), [map], [new ClassTarget(0)], batchSize: 7);

    private static float[] Ramp(int n) => Enumerable.Range(0, n).Select(i => (float)((i * 37 % n) + 1) / n).ToArray();

    [Fact]
    public void ConfidenceChange_HalfMap_HalvesTheChannelMean()
    {
        var image = Enumerable.Range(0, 3 * 36).Select(i => 1 + i % 5 * 0.25f).ToArray();
        var result = ConfidenceChange.Evaluate(Input(image, 6, 6, Enumerable.Repeat(0.5f, 36).ToArray()))[0];
        float mean = image.Take(36).Average();
        Assert.Equal(mean, result.Before, 5);
        Assert.Equal(-mean / 2, result.Change, 5);
        Assert.Equal(mean / 2, result.Drop, 5);
        Assert.Equal(0, result.Increase);
        Assert.Equal(50, result.DropPercent, 3);
    }

    [Theory]
    [InlineData(8)]    // 8 steps of one row
    [InlineData(10)]   // 7 steps, the last one 4 pixels: RISE's even spacing would bend the line
    public void Deletion_OnesImage_FallsLinearlyWithAreaOneHalf(int step)
    {
        var curve = DeletionInsertion.Deletion(Input(Enumerable.Repeat(1f, 3 * 64).ToArray(), 8, 8, Ramp(64)), step)[0];
        for (int i = 0; i < curve.Scores.Count; i++) Assert.Equal(1 - curve.Fractions[i], curve.Scores[i], 5);
        Assert.Equal(1.0, curve.Fractions[^1]);
        Assert.Equal(0.5, curve.Auc, 5);
    }

    [Fact]
    public void Deletion_RemovesMostSalientPixelsFirst()
    {
        // Channel 0 holds the map itself: deleting the brightest pixels first must drop the mean fastest.
        var map = Ramp(64);
        var image = map.Concat(map).Concat(map).ToArray();
        var curve = DeletionInsertion.Deletion(Input(image, 8, 8, map), 8)[0];
        float removed = map.OrderDescending().Take(8).Sum() / 64;
        Assert.Equal(map.Average() - removed, curve.Scores[1], 5);
    }

    [Fact]
    public void Insertion_StartsFromTheBlurAndEndsAtTheImage()
    {
        var image = Enumerable.Range(0, 3 * 81).Select(i => (float)Math.Sin(i)).ToArray();
        var curve = DeletionInsertion.Insertion(Input(image, 9, 9, Ramp(81)), 9)[0];
        Assert.Equal(RiseBlur.Apply(image, 3, 9, 9).Take(81).Average(), curve.Scores[0], 5);
        Assert.Equal(image.Take(81).Average(), curve.Scores[^1], 5);
    }

    [Fact]
    public void RiseBlur_KernelIsNormalisedAndSymmetric()
    {
        var k = RiseBlur.Kernel1D(RiseBlur.KernelSize, RiseBlur.Sigma);
        Assert.Equal(1.0, k.Sum(), 12);
        for (int i = 0; i < k.Length; i++) Assert.Equal(k[i], k[^(i + 1)], 15);
        Assert.True(k[5] > k[0] && k[0] > 0);
    }

    [Fact]
    public void Road_ConstantImage_ImputesTheConstantSoNothingChanges()
    {
        var road = Road.Evaluate(Input(Enumerable.Repeat(0.75f, 3 * 100).ToArray(), 10, 10, Ramp(100)),
            new RoadOptions { Imputer = new NoisyLinearImputer { Noise = 0 } })[0];
        Assert.All(road.MostRelevantFirst, v => Assert.Equal(0, v, 6));
        Assert.All(road.LeastRelevantFirst, v => Assert.Equal(0, v, 6));
        Assert.Equal(0, road.Combined, 6);
    }

    [Fact]
    public void Road_SameSeed_Repeats_OtherSeed_Differs()
    {
        var image = Enumerable.Range(0, 3 * 100).Select(i => (float)Math.Cos(i * 0.3)).ToArray();
        var input = Input(image, 10, 10, Ramp(100));
        var a = Road.Evaluate(input)[0];
        var b = Road.Evaluate(input)[0];
        var c = Road.Evaluate(input, new RoadOptions { Seed = 1 })[0];
        Assert.Equal(a.MostRelevantFirst, b.MostRelevantFirst);
        Assert.NotEqual(a.MostRelevantFirst, c.MostRelevantFirst);
    }

    [Fact]
    public void MetricInput_MapOfWrongSize_NamesBothSizes()
    {
        var e = Assert.Throws<CamSharp.Engine.InputException>(() => Input(new float[3 * 16], 4, 4, new float[10]));
        Assert.Contains("4×4", e.Message);
    }
}
