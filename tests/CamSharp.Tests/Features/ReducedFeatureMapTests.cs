using CamSharp.Engine;
using CamSharp.Features;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Features;

public sealed class ReducedFeatureMapTests
{
    private static readonly Tensor Layer4 = Fixtures.Npy("outputs/acts/resnet18__d224__224x224__layer4.npy");

    [Fact]
    public void Reduce_SelectMax_ReturnsTheLargestSumChannel()
    {
        var (data, c, h, w) = FeatureReductions.Image(Layer4);
        int best = FeatureReductions.SelectMaxChannel(data, c, h, w);
        var r = ReducedFeatureMap.Reduce(Layer4, new FeatureMapOptions(ChannelReduction.SelectMax));
        Assert.Equal([best], r.Channels);
        Assert.Equal(data.AsSpan(best * h * w, h * w).ToArray(), r.Maps[0].Data);
    }

    [Fact]
    public void Reduce_NoneTopK_ReturnsTopChannelsAndStacksThem()
    {
        var r = ReducedFeatureMap.Reduce(Layer4, new FeatureMapOptions(ChannelReduction.None, topK: 3, rows: 1, columns: 3));
        var (data, c, h, w) = FeatureReductions.Image(Layer4);
        Assert.Equal(FeatureReductions.TopChannels(data, c, h, w, 3), r.Channels);
        var stacked = r.ToTensor();
        Assert.Equal([3, 7, 7], stacked.Shape);
        Assert.Equal(data.AsSpan(r.Channels![2] * 49, 49).ToArray(), stacked.Floats.Slice(2 * 49, 49).ToArray());
    }

    [Fact]
    public void Reduce_VideoMap_SaysItIsAClipAndPointsToClassMaps()
    {
        using var clip = Tensor.Zeros(DataType.Float32, [1, 4, 8, 7, 7]);
        var e = Assert.Throws<InputException>(() => ReducedFeatureMap.Reduce(clip, new FeatureMapOptions(ChannelReduction.SqueezeMean), "layer4"));
        Assert.Contains("layer4", e.Message);
        Assert.Contains("[1, 4, 8, 7, 7]", e.Message);
        Assert.Contains("video model", e.Message);
    }

    [Fact]
    public void Reduce_NoneTopKZeroOn512Channels_ThrowsMmengineMessage()
    {
        var e = Assert.Throws<InputException>(() => ReducedFeatureMap.Reduce(Layer4, new FeatureMapOptions(ChannelReduction.None, topK: 0), "layer4"));
        Assert.Contains("layer4", e.Message);
        Assert.Contains("must be 1 or 3", e.Message);
        Assert.Contains("512", e.Message);
    }

    [Fact]
    public void Reduce_NoneTopKZeroOnThreeChannels_IsColor()
    {
        var t = Tensor.FromFloats(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 1, 3, 2, 2);
        var r = ReducedFeatureMap.Reduce(t, new FeatureMapOptions(ChannelReduction.None, topK: 0));
        Assert.True(r.IsColor);
        Assert.Equal(3, r.Maps.Count);
    }

    [Fact]
    public void Reduce_RankTwoTensor_ThrowsNamingTheLayer()
    {
        var e = Assert.Throws<InputException>(() => ReducedFeatureMap.Reduce(Tensor.Zeros(1, 10), new FeatureMapOptions(), "fc"));
        Assert.Contains("fc", e.Message);
    }

    [Fact]
    public void Options_ArrangementSmallerThanTopK_Throws()
    {
        var e = Assert.Throws<InputException>(() => new FeatureMapOptions(ChannelReduction.None, topK: 3, rows: 1, columns: 2));
        Assert.Contains("1x2", e.Message);
        Assert.Contains("3 channels", e.Message);
        Assert.Equal("Arrangement,TopK", e.Parameter);
    }

    [Fact]
    public void Options_ArrangementSmallerThanTopKWithReduction_IsAllowed()
    {
        // MMEngine only checks the arrangement when channels are tiled.
        var o = new FeatureMapOptions(ChannelReduction.SelectMax, topK: 3, rows: 1, columns: 2);
        Assert.Equal(3, o.TopK);
    }
}
