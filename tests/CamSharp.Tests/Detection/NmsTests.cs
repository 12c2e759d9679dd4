using CamSharp.Detection;
using Xunit;

namespace CamSharp.Tests.Detection;

public sealed class NmsTests
{
    private static CamSharp.Detection.Detection D(int cls, float score, int anchor, double x0) =>
        new(cls, score, anchor, default, new DetectionBox(x0, 0, x0 + 10, 10));

    [Fact]
    public void ClassAware_OverlapSameClass_SuppressesLowerScore()
    {
        var kept = Nms.ClassAware([D(0, 0.5f, 1, 1), D(0, 0.9f, 2, 0)], 0.45);
        Assert.Equal([2], kept.Select(k => k.Anchor));
    }

    [Fact]
    public void ClassAware_OverlapOtherClass_KeepsBoth()
    {
        var kept = Nms.ClassAware([D(0, 0.5f, 1, 1), D(1, 0.9f, 2, 0)], 0.45);
        Assert.Equal([2, 1], kept.Select(k => k.Anchor));
    }

    [Fact]
    public void ClassAware_EqualScores_LowerAnchorFirst()
    {
        var kept = Nms.ClassAware([D(0, 0.7f, 9, 0), D(0, 0.7f, 3, 100)], 0.45);
        Assert.Equal([3, 9], kept.Select(k => k.Anchor));
    }
}
