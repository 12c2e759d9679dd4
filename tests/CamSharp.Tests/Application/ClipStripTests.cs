using CamSharp.Application;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using Xunit;

namespace CamSharp.Tests.Application;

public class ClipStripTests
{
    [Fact]
    public void Draw_TwoFrames_EachFrameUnderItsOwnRowsOfTheMap()
    {
        var frames = new[] { TinyClipModel.Frame(0), TinyClipModel.Frame(3) }.Select(f => Preprocessor.Prepare(f, 4, 5, PreprocessOptions.ImageNet)).ToArray();
        var strip = new FloatMap(5, 8, Enumerable.Range(0, 40).Select(i => i / 39f).ToArray());
        var drawn = ClipStrip.Draw(frames, strip, ColorMap.Jet, 0.5f);
        Assert.Equal((5, 8), (drawn.Width, drawn.Height));
        var second = HeatmapOverlay.ShowCamOnImage(frames[1].NetworkImage, new FloatMap(5, 4, strip.Data[20..]), ColorMap.Jet, 0.5f);
        Assert.Equal(second.Pixels, drawn.Pixels.AsSpan(20 * 3).ToArray());
    }

    [Fact]
    public void Draw_MapThatDoesNotSplitIntoTheFrames_Refused()
    {
        var frames = new[] { Preprocessor.Prepare(TinyClipModel.Frame(0), 4, 5, PreprocessOptions.ImageNet) };
        Assert.Throws<ArgumentException>(() => ClipStrip.Draw(frames, new FloatMap(5, 5), ColorMap.Jet, 0.5f));
    }
}
