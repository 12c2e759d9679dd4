using CamSharp.Application;
using CamSharp.Detection;
using CamSharp.Tests.Detection.Heads;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Application;

public sealed class DefaultBoxMethodTests
{
    [Fact]
    public void For_NmsInsideTheExport_DriseNamingTheNmsNode()
    {
        var model = Model.Load(StandInModels.Path("nms_in_graph.onnx"));
        var head = DetectionHeads.Recognise(model, 32, 32);
        var (method, reason) = DefaultBoxMethod.For(model, head);
        Assert.Equal("drise", method);
        Assert.Contains("NonMaxSuppression", reason);
    }

    [Fact]
    public void For_RawHeadOutput_HiResCam()
    {
        var model = TestModels.Fixture("tinyyolo");
        var (method, _) = DefaultBoxMethod.For(model, DetectionHeads.Recognise(model, 96, 96, HeadKind.TinyYolo));
        Assert.Equal(BoxCam.DefaultMethod, method);
    }
}
