using CamSharp.Files;
using Xunit;

namespace CamSharp.Tests.Files;

public class NaturalOrderTests
{
    [Fact]
    public void Compare_NumberedFrames_OrdersByValue()
    {
        string[] names = ["frame10.jpg", "frame2.jpg", "frame1.jpg", "frame02.jpg", "a.jpg", "frame.jpg"];
        Assert.Equal(["a.jpg", "frame.jpg", "frame1.jpg", "frame02.jpg", "frame2.jpg", "frame10.jpg"], names.Order(NaturalOrder.Instance).ToArray());
    }

    [Fact]
    public void Compare_LongRunsOfDigits_NeverOverflow() =>
        Assert.True(NaturalOrder.Instance.Compare("x99999999999999999999999", "x100000000000000000000000") < 0);
}
