using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Explain;

public class ActivationReshapeTests
{
    [Fact]
    public void TokenGridReshape_VideoFrames_DropsClassTokenAndReadsFramesRowsColumns()
    {
        // [1, 1 + 2·2·3, 2]: token k (after the class token) holds channel c = 10·k + c.
        const int Frames = 2, Height = 2, Width = 3, Channels = 2, Grid = Frames * Height * Width;
        var tokens = Enumerable.Range(0, 1 + Grid).SelectMany(t => Enumerable.Range(0, Channels).Select(c => t == 0 ? -1f : 10f * (t - 1) + c)).ToArray();
        using var value = Tensor.FromFloats(tokens, 1, 1 + Grid, Channels);

        using var volume = new TokenGridReshape(1, (Height, Width), Frames).Apply(value, "norm");

        Assert.Equal([1, Channels, Frames, Height, Width], volume.Shape);
        // torch: tokens[:, 1:].reshape(1, T, H, W, C).permute(0, 4, 1, 2, 3)
        for (int c = 0; c < Channels; c++)
            for (int f = 0; f < Frames; f++)
                for (int y = 0; y < Height; y++)
                    for (int x = 0; x < Width; x++)
                        Assert.Equal(10f * ((f * Height + y) * Width + x) + c, volume.Floats[(((c * Frames + f) * Height) + y) * Width + x]);
    }

    [Fact]
    public void TokenGridReshape_FramesNotMatchingTokens_NamesTheGrid()
    {
        using var value = Tensor.FromFloats(new float[1 * 10 * 2], 1, 10, 2);
        var e = Assert.Throws<InputException>(() => new TokenGridReshape(1, (2, 2), 3).Apply(value, "norm"));
        Assert.Contains("3×2×2", e.Message);
    }
}
