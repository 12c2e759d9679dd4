using CamSharp.Detection;
using Xunit;

namespace CamSharp.Tests.Detection;

public sealed class IoUGradientTests
{
    [Fact]
    public void Of_PartialOverlap_MatchesIoUAndFiniteDifferences()
    {
        var p = new DetectionBox(10, 12, 30, 40);
        var t = new DetectionBox(14, 8, 36, 35);
        var (iou, d0, d1, d2, d3) = IoUGradient.Of(p, t);
        Assert.Equal(DetectionBox.IoU(p, t), iou, 12);
        double[] analytic = [d0, d1, d2, d3];
        for (int k = 0; k < 4; k++)
        {
            const double h = 1e-5;
            double[] a = p.ToArray(), b = p.ToArray();
            a[k] += h;
            b[k] -= h;
            double numeric = (DetectionBox.IoU(new(a[0], a[1], a[2], a[3]), t) - DetectionBox.IoU(new(b[0], b[1], b[2], b[3]), t)) / (2 * h);
            Assert.Equal(numeric, analytic[k], 6);
        }
    }

    [Fact]
    public void Of_Disjoint_IsZero()
    {
        Assert.Equal((0d, 0d, 0d, 0d, 0d), IoUGradient.Of(new DetectionBox(0, 0, 1, 1), new DetectionBox(5, 5, 6, 6)));
    }
}
