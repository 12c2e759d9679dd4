using CamSharp.Application;
using CamSharp.Engine;
using CamSharp.Imaging.Preprocessing;
using Xunit;

namespace CamSharp.Tests.Application;

public class VideoPreprocessTests
{
    private static VideoInput Clip(int side) => new(16, side, side, true);

    private static readonly LayerChoice Tokens = new("blocks.15.norm1", ["/blocks.15/norm1/LayerNormalization_output_0"], FeatureLayout.Tokens, "test")
    {
        ExtraTokens = 1, TokenGrid = (7, 7), TokenFrames = 8,
    };

    [Fact]
    public void For_Video112_IsR3dsResizeTo128By171ThenCrop()
    {
        var (options, reason) = VideoPreprocess.For(Clip(112), camLayer: null);
        Assert.Equal(Geometry.ResizeCentreCrop, options.Geometry);
        Assert.Equal([128, 171], options.ResizeSize!);
        Assert.Equal(PreprocessOptions.Kinetics.Mean, options.Mean);
        Assert.Contains("128x171", reason);
    }

    [Fact]
    public void For_Cnn224_IsS3dsSquareResize()
    {
        var (options, _) = VideoPreprocess.For(Clip(224), camLayer: null);
        Assert.Equal([256, 256], options.ResizeSize!);
    }

    [Fact]
    public void For_TransformerWithClassToken_IsMvitsShortSide256AndItsMeanStd()
    {
        var (options, reason) = VideoPreprocess.For(Clip(224), Tokens);
        Assert.Null(options.ResizeSize);
        Assert.Equal([256], options.CropResizeFor(224, 224));
        Assert.Equal([0.45f, 0.45f, 0.45f], options.Mean);
        Assert.Equal([0.225f, 0.225f, 0.225f], options.Std);
        Assert.Equal("kinetics", options.Preset);
        Assert.Contains("short side to 256", reason);
    }

    [Fact]
    public void For_OtherSize_IsTheKineticsPresetItself() =>
        Assert.Same(PreprocessOptions.Kinetics, VideoPreprocess.For(Clip(8), camLayer: null).Options);

    [Fact]
    public void Profile_TinyVideoModel_ChoosesTheKineticsCentreCrop()
    {
        var profile = TinyClipModel.Load().Profile;
        Assert.Same(PreprocessOptions.Kinetics, profile.Preprocess);
        Assert.Contains("centre crop 8x8", profile.PreprocessReason);
    }
}
