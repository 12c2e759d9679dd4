using CamSharp.Engine;
using CamSharp.Imaging;
using CamSharp.Tensors;

namespace CamSharp.Features;

/// <summary>
/// What is left of one C×H×W feature map after the channel reduction, at feature-map
/// resolution: one map (squeeze_mean, select_max, a 1-channel map), the top-k channels
/// (with their indices), or three planes drawn as colour (a 3-channel map with no reduction).
/// </summary>
public sealed record ReducedFeatureMap(IReadOnlyList<FloatMap> Maps, IReadOnlyList<int>? Channels, bool IsColor)
{
    /// <summary>Applies <paramref name="options"/>' reduction to image <paramref name="batchIndex"/> of <paramref name="featureMap"/>.</summary>
    /// <param name="featureMap">N×C×H×W or C×H×W activations.</param>
    /// <param name="options">The reduction and top-k.</param>
    /// <param name="name">The layer, for error messages.</param>
    /// <param name="batchIndex">Which image of the batch.</param>
    public static ReducedFeatureMap Reduce(Tensor featureMap, FeatureMapOptions options, string name = "feature map", int batchIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (featureMap.Rank == 5)
            throw new InputException($"{name}: [{ShapeUtil.Format(featureMap.Shape)}] is a video model's N×C×T×H×W map; feature maps are drawn for pictures. Explain a clip with a class activation map, which draws each frame.");
        if (featureMap.Rank is not (3 or 4))
            throw new InputException($"{name}: a feature map must be C×H×W or N×C×H×W, got [{ShapeUtil.Format(featureMap.Shape)}]; choose a convolutional layer.");
        var (data, c, h, w) = FeatureReductions.Image(featureMap, batchIndex);
        switch (options.Reduction)
        {
            case ChannelReduction.SqueezeMean:
                return new([FeatureReductions.SqueezeMean(data, c, h, w)], null, false);
            case ChannelReduction.SelectMax:
                int best = FeatureReductions.SelectMaxChannel(data, c, h, w);
                return new([FeatureReductions.Channel(data, c, h, w, best)], [best], false);
        }
        if (options.TopK <= 0)
        {
            if (c is not (1 or 3))
                throw new InputException($"{name}: the input tensor channel dimension must be 1 or 3 when topk is less than 1, but the channel dimension is {c}; reduce the channels (squeeze_mean or select_max) or show the most active channels (a positive count).") { Parameter = "ChannelReduction" };
            var planes = Enumerable.Range(0, c).Select(i => FeatureReductions.Channel(data, c, h, w, i)).ToArray();
            return new(planes, null, c == 3);
        }
        var top = FeatureReductions.TopChannels(data, c, h, w, options.TopK);
        return new(top.Select(i => FeatureReductions.Channel(data, c, h, w, i)).ToArray(), top, false);
    }

    /// <summary>The maps stacked as K×H×W (what --save-raw writes).</summary>
    public Tensor ToTensor()
    {
        int h = Maps[0].Height, w = Maps[0].Width;
        var data = new float[Maps.Count * h * w];
        for (int i = 0; i < Maps.Count; i++) Maps[i].Data.CopyTo(data, i * h * w);
        return Tensor.FromFloats(data, Maps.Count, h, w);
    }
}
