using System.Buffers.Binary;
using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging.Bmp;

public sealed class BmpDecoderTests
{
    [Fact]
    public void Decode_EncodedBmp_RoundTripsExactly()
    {
        var img = ImageResizeTests.Gradient(7, 5); // odd width: rows are padded
        Assert.Equal(img.Pixels, ImageDecoder.Decode(ImageEncoder.EncodeBmp(img)).Pixels);
    }

    [Fact]
    public void Decode_TopDown32BitWithAlpha_DropsAlpha()
    {
        var data = new byte[54 + 8];
        data[0] = (byte)'B'; data[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(18), 2);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(22), -1); // top-down
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(28), 32);
        byte[] pixels = [10, 20, 30, 0, 40, 50, 60, 255]; // BGRA
        pixels.CopyTo(data, 54);
        Assert.Equal([30, 20, 10, 60, 50, 40], ImageDecoder.Decode(data).Pixels);
    }

    [Fact]
    public void Decode_TruncatedPixels_NamesFile()
    {
        var data = ImageEncoder.EncodeBmp(new RgbImage(10, 10));
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(data.AsSpan(0, 100), "cut.bmp"));
        Assert.StartsWith("cut.bmp: BMP pixel data is truncated", e.Message);
    }
}
