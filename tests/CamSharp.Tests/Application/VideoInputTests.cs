using CamSharp.Application;
using CamSharp.Engine;
using Xunit;

namespace CamSharp.Tests.Application;

public class VideoInputTests
{
    [Fact]
    public void Of_FiveDimensionalInput_ReadsFramesAndFrameSize()
    {
        var video = Assert.IsType<VideoInput>(VideoInput.Of(TinyClipModel.Load()));
        Assert.Equal(new VideoInput(TinyClipModel.Frames, TinyClipModel.Size, TinyClipModel.Size, true), video);
        Assert.Equal("4×8×8", video.Describe());
    }

    [Fact]
    public void Of_ImageModel_IsNull()
    {
        var b = new Onnx.ModelBuilder(opset: 13).Input("image", 1, 1, 3, 8, 8).Output("out", 1, 1, 3, 8, 8);
        b.Node("Relu", "/act/Relu", ["image"], ["out"]);
        Assert.Null(VideoInput.Of(Model.Load(b.Bytes(), "image.onnx", Onnx.TestModels.AcceptAll)));
    }

    [Fact]
    public void Clips_FewerFramesThanT_RefusedWithBothNumbers()
    {
        var e = Assert.Throws<InputException>(() => VideoInput.Clips("clip.onnx", ["a", "b", "c"], 4));
        Assert.Contains("clips of 4 frames", e.Message);
        Assert.Contains("3 frames were given", e.Message);
    }

    [Fact]
    public void Clips_PartialClipLeftOver_RefusedNamingTheLeftover()
    {
        var e = Assert.Throws<InputException>(() => VideoInput.Clips("clip.onnx", Enumerable.Range(0, 10).ToArray(), 4));
        Assert.Contains("10 frames make 2 clips and 2 left over", e.Message);
    }

    [Fact]
    public void Clips_WholeNumberOfClips_CutsInOrder()
    {
        var clips = VideoInput.Clips("clip.onnx", Enumerable.Range(0, 8).ToArray(), 4);
        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7]], clips.Select(c => c.ToArray()).ToArray());
    }

    [Fact]
    public void FramesPerClip_DynamicWithoutCount_RefusedAskingForIt()
    {
        var video = VideoInput.Of(TinyClipModel.Load(frames: null))!;
        var e = Assert.Throws<InputException>(() => video.FramesPerClip("clip.onnx", null));
        Assert.Equal("Frames", e.Parameter);
        Assert.Equal(6, video.FramesPerClip("clip.onnx", 6));
    }

    [Fact]
    public void FramesPerClip_FixedTAndAnotherCount_Refused()
    {
        var video = VideoInput.Of(TinyClipModel.Load())!;
        Assert.Equal(4, video.FramesPerClip("clip.onnx", null));
        var e = Assert.Throws<InputException>(() => video.FramesPerClip("clip.onnx", 5));
        Assert.Contains("4 frames only; 5", e.Message);
    }

    [Fact]
    public void SizeFor_FixedFrameSizeAndAnotherAsked_Refused()
    {
        var video = VideoInput.Of(TinyClipModel.Load())!;
        Assert.Equal((8, 8), video.SizeFor("clip.onnx", null));
        Assert.Throws<InputException>(() => video.SizeFor("clip.onnx", (16, 16)));
    }

    [Fact]
    public void SingleImageMessage_VideoModel_SaysVideoAndClipShape()
    {
        string message = VideoInput.Of(TinyClipModel.Load())!.SingleImageMessage("clip.onnx");
        Assert.Contains("video model", message);
        Assert.Contains("4×8×8", message);
        Assert.Contains("[1, 3, 4, 8, 8]", message);
    }
}
