using CamSharp.Application;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Explain;
using CamSharp.Tests.Ops;
using Xunit;

namespace CamSharp.Tests.Application;

public class VideoExplanationTests
{
    [Fact]
    public void Profile_VideoClassifier_ChoosesVolumeBeforePooling()
    {
        var model = VideoCamTests.TinyVideoModel(stride: 1);
        Assert.Equal(ModelKind.Classifier, model.Profile.Kind);
        var layer = Assert.IsType<LayerChoice>(model.Profile.CamLayer);
        Assert.Equal(FeatureLayout.Volume, layer.Layout);
        Assert.Equal(["act"], layer.Values);
    }

    [Fact]
    public void Explain_ClipWithDefaults_IsVideoCamOfTopClassAsFilmStrip()
    {
        var model = VideoCamTests.TinyVideoModel(stride: 2);
        using var clip = VideoCamTests.Clip();
        var explanation = new Explainer(model).Explain(clip);

        using var pass = model.Session.Run(clip);
        int top = pass.Outputs[0].Floats[1] > pass.Outputs[0].Floats[0] ? 1 : 0;
        var expected = VideoCam.Run(model, clip, ["act"], new GradCam(), [new ClassTarget(top)]);
        var map = Assert.Single(explanation.Maps);
        Assert.Equal(top, map.Class);
        Assert.Equal((expected.Width, expected.Frames * expected.Height), (map.AtInput!.Width, map.AtInput.Height));
        OpTester.AssertClose(map.AtInput.Data, expected.Maps[0], 1e-6);
        Assert.Equal(expected.Frame(0, 1), map.AtInput.Data.AsSpan(expected.Width * expected.Height, expected.Width * expected.Height).ToArray());
    }

    [Fact]
    public void Explain_ClipWithInputAttributionMethod_IsRefused()
    {
        var model = VideoCamTests.TinyVideoModel(stride: 1);
        using var clip = VideoCamTests.Clip();
        var e = Assert.Throws<InputException>(() => new Explainer(model, new ExplainerOptions { Method = "saliency" }).Explain(clip));
        Assert.Contains("saliency", e.Message);
    }
}
