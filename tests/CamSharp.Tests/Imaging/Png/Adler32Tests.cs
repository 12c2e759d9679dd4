using CamSharp.Imaging.Png;
using Xunit;

namespace CamSharp.Tests.Imaging.Png;

public sealed class Adler32Tests
{
    [Fact]
    public void Append_Wikipedia_IsTheRfcExampleValue() =>
        Assert.Equal(0x11E60398u, Adler32.Append(Adler32.Initial, "Wikipedia"u8));

    [Fact]
    public void Append_LongerThanOneRun_EqualsZlibValue()
    {
        // 100,000 bytes of 0xFF: several 5552-byte runs, so both sums wrap modulo 65521 (value from Python's zlib.adler32).
        var data = Enumerable.Repeat((byte)0xFF, 100_000).ToArray();
        Assert.Equal(0x149A302Cu, Adler32.Append(Adler32.Initial, data));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(7, 0)]
    [InlineData(70_000, 70_001)]
    public void Combine_TwoPieces_EqualsTheWhole(int firstLength, int secondLength)
    {
        var data = new byte[firstLength + secondLength];
        new Random(3).NextBytes(data);
        uint first = Adler32.Append(Adler32.Initial, data.AsSpan(0, firstLength));
        uint second = Adler32.Append(Adler32.Initial, data.AsSpan(firstLength));
        Assert.Equal(Adler32.Append(Adler32.Initial, data), Adler32.Combine(first, second, secondLength));
    }
}
