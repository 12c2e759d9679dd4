using CamSharp.Features;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Features;

public sealed class FeatureReductionsTests
{
    public static TheoryData<string> Activations => new()
    {
        "outputs/acts/resnet18__d224__224x224__layer4.npy",
        "outputs/acts/resnet18__d224__224x224__layer1.npy",
        "outputs/acts/mobilenet_v2__d224__224x224__features.7.npy",
        "outputs/acts/tinyyolo__det96_a__96x96__backbone.block3.npy",
        "outputs/acts/digitcnn__d96_a__96x96__block2.npy",
    };

    /// <summary>The reference rule written out plainly: per channel, the sum of its H·W values (double).</summary>
    private static double[] ReferenceSums(Tensor t)
    {
        int c = t.Shape[1], hw = t.Shape[2] * t.Shape[3];
        var data = t.ToFloatArray();
        return Enumerable.Range(0, c).Select(ch => data.Skip(ch * hw).Take(hw).Sum(v => (double)v)).ToArray();
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void SqueezeMean_FixtureActivation_EqualsMeanOverChannels(string file)
    {
        var t = Fixtures.Npy(file);
        var (data, c, h, w) = FeatureReductions.Image(t);
        var map = FeatureReductions.SqueezeMean(data, c, h, w);
        Assert.Equal((w, h), (map.Width, map.Height));
        for (int i = 0; i < h * w; i++)
        {
            double sum = 0;
            for (int ch = 0; ch < c; ch++) sum += data[ch * h * w + i];
            Assert.Equal((float)(sum / c), map.Data[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void TopChannels_FixtureActivation_AreLargestSpatialSumsDescending(string file)
    {
        var t = Fixtures.Npy(file);
        var (data, c, h, w) = FeatureReductions.Image(t);
        var sums = ReferenceSums(t);
        var expected = sums.Select((s, i) => (s, i)).OrderByDescending(p => p.s).ThenBy(p => p.i).Take(4).Select(p => p.i).ToArray();
        Assert.Equal(expected, FeatureReductions.TopChannels(data, c, h, w, 4));
        Assert.Equal(expected[0], FeatureReductions.SelectMaxChannel(data, c, h, w));
        // The selected sums really are the largest: no channel outside the top 4 beats the 4th.
        Assert.All(Enumerable.Range(0, c).Except(expected), i => Assert.True(sums[i] <= sums[expected[3]]));
    }

    [Fact]
    public void TopChannels_SignedSums_NegativeChannelsRankLast()
    {
        // Channel 0 has the largest magnitude but a negative sum: "largest sum" is signed, as torch.topk is.
        float[] chw = [-9, -9, 1, 2, 0, 0.5f];
        Assert.Equal([1, 2, 0], FeatureReductions.TopChannels(chw, 3, 1, 2, 5));
        Assert.Equal(1, FeatureReductions.SelectMaxChannel(chw, 3, 1, 2));
    }

    [Fact]
    public void TopChannels_KLargerThanChannels_CapsAtChannelCount()
    {
        float[] chw = [1, 2, 3];
        Assert.Equal([2, 1, 0], FeatureReductions.TopChannels(chw, 3, 1, 1, 10));
    }

    [Fact]
    public void Image_SecondBatchRow_ReturnsThatRow()
    {
        var t = Tensor.FromFloats([1, 2, 3, 4, 5, 6, 7, 8], 2, 1, 2, 2);
        var (data, c, h, w) = FeatureReductions.Image(t, 1);
        Assert.Equal([5f, 6, 7, 8], data);
        Assert.Equal((1, 2, 2), (c, h, w));
    }

    [Fact]
    public void SqueezeMean_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => FeatureReductions.SqueezeMean(new float[5], 2, 1, 2));
    }
}
