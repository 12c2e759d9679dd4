namespace CamSharp.Features;

/// <summary>How a C×H×W feature map becomes what is drawn (MMEngine <c>draw_featmap</c>'s <c>channel_reduction</c>).</summary>
public enum ChannelReduction
{
    /// <summary>The mean over channels.</summary>
    SqueezeMean,
    /// <summary>The one channel with the largest signed spatial sum.</summary>
    SelectMax,
    /// <summary>No reduction: the top-k channels by spatial sum, or the map itself when it has 1 or 3 channels.</summary>
    None,
}

/// <summary>The names users type for <see cref="ChannelReduction"/>.</summary>
public static class ChannelReductionNames
{
    /// <summary>Parses <c>squeeze_mean</c>, <c>select_max</c> or <c>none</c> (case-insensitive).</summary>
    public static ChannelReduction Parse(string name) => name.ToLowerInvariant() switch
    {
        "squeeze_mean" => ChannelReduction.SqueezeMean,
        "select_max" => ChannelReduction.SelectMax,
        "none" => ChannelReduction.None,
        _ => throw new ArgumentException($"Channel reduction must be squeeze_mean, select_max or none, got '{name}'.", nameof(name)),
    };
}
