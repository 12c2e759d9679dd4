using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

public sealed class EveryOtherCopyTests
{
    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(1, 3, 15)]
    [InlineData(0, 0, 16)]
    [InlineData(1, 2, 17)]
    [InlineData(5, 0, 40)]     // the last vector would read past the source: its elements go one by one
    [InlineData(0, 1, 208)]    // a row of YOLOX's Focus slice
    public void Run_OffsetsAndLengths_MatchesScalar(int s, int d, int n)
    {
        var src = new float[s + 2 * n];
        for (int i = 0; i < src.Length; i++) src[i] = i * 0.5f - 3;
        var dst = new float[d + n + 3];
        Array.Fill(dst, -1f);
        EveryOtherCopy.Run(src, s, dst, d, n);
        for (int i = 0; i < dst.Length; i++)
            Assert.Equal(i >= d && i < d + n ? src[s + 2 * (i - d)] : -1f, dst[i]);
    }

    [Fact]
    public void Run_PastSourceEnd_Throws()
    {
        var src = new float[10];
        var dst = new float[10];
        Assert.Throws<ArgumentOutOfRangeException>(() => EveryOtherCopy.Run(src, 2, dst, 0, 5));
    }
}
