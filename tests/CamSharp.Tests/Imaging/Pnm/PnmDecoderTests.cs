using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging.Pnm;

public sealed class PnmDecoderTests
{
    [Fact]
    public void Decode_P5Gray_GivesThreeEqualChannels()
    {
        byte[] data = [.. "P5\n# comment\n3 1\n255\n"u8, 0, 128, 255];
        var img = ImageDecoder.Decode(data);
        Assert.Equal([0, 0, 0, 128, 128, 128, 255, 255, 255], img.Pixels);
    }

    [Fact]
    public void Decode_P6SixteenBit_ScalesToEightBits()
    {
        byte[] data = [.. "P6 1 1 65535\n"u8, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00];
        var img = ImageDecoder.Decode(data);
        Assert.Equal([255, 127, 0], img.Pixels); // v·255/65535, truncated
    }

    [Fact]
    public void Decode_SmallMaxval_ScalesToFullRange()
    {
        byte[] data = [.. "P5 2 1 15\n"u8, 15, 7];
        Assert.Equal([255, 255, 255, 119, 119, 119], ImageDecoder.Decode(data).Pixels);
    }

    [Fact]
    public void Decode_TruncatedRaster_NamesFile()
    {
        byte[] data = [.. "P6 4 4 255\n"u8, 1, 2, 3];
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(data, "short.ppm"));
        Assert.StartsWith("short.ppm: PNM pixel data is truncated", e.Message);
    }
}
