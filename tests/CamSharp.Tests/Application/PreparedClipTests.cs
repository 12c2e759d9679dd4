using CamSharp.Application;
using CamSharp.Imaging.Preprocessing;
using Xunit;

namespace CamSharp.Tests.Application;

public class PreparedClipTests
{
    [Fact]
    public void Prepare_Frames_TensorIsEachFramePreparedAtItsTime()
    {
        var frames = Enumerable.Range(0, 3).Select(i => TinyClipModel.Frame(i)).ToArray();
        var clip = PreparedClip.Prepare(frames, 8, 6, PreprocessOptions.Kinetics);
        Assert.Equal([1, 3, 3, 8, 6], clip.Tensor.Shape);
        for (int f = 0; f < 3; f++)
        {
            var alone = Preprocessor.Prepare(frames[f], 8, 6, PreprocessOptions.Kinetics).Tensor.Floats.ToArray();
            for (int c = 0; c < 3; c++)
                Assert.Equal(alone.AsSpan(c * 48, 48).ToArray(), clip.Tensor.Floats.Slice((c * 3 + f) * 48, 48).ToArray());
            Assert.Same(frames[f], clip.Frames[f].Original);
        }
    }

    [Fact]
    public void Prepare_NoFrames_Refused() =>
        Assert.Throws<ArgumentException>(() => PreparedClip.Prepare([], 8, 8, PreprocessOptions.ImageNet));
}
