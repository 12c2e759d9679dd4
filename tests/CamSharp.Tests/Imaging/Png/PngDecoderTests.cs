using System.Buffers.Binary;
using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging.Png;

public sealed class PngDecoderTests
{
    public static TheoryData<string> Samples()
    {
        var d = new TheoryData<string>();
        foreach (var (c, depth) in new[] { (0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16), (3, 1), (3, 2), (3, 4), (3, 8), (4, 8), (4, 16), (6, 8), (6, 16) })
        {
            d.Add($"png_c{c}_d{depth}");
            d.Add($"png_c{c}_d{depth}_adam7");
        }
        return d;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Decode_EveryColourTypeAndDepth_GivesOpenCvRgb(string name)
    {
        var img = ImageDecoder.Load(ImagingFixtures.Data(name + ".png"));
        Assert.Equal(File.ReadAllBytes(ImagingFixtures.Data(name + ".rgb")), img.Pixels);
    }

    [Fact]
    public void Decode_BadCrcInCriticalChunk_NamesChunk()
    {
        var data = File.ReadAllBytes(ImagingFixtures.Data("png_c2_d8.png"));
        data[20] ^= 1; // inside IHDR's data
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(data, "bad.png"));
        Assert.Equal("bad.png: PNG chunk IHDR has a bad CRC", e.Message);
    }

    [Fact]
    public void Decode_NoIdat_SaysSo()
    {
        var img = new RgbImage(2, 2);
        var data = ImageEncoder.EncodePng(img);
        // Keep signature + IHDR (8 + 25 bytes) and the IEND chunk (last 12 bytes).
        byte[] noIdat = [.. data.AsSpan(0, 33), .. data.AsSpan(data.Length - 12)];
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(noIdat, "empty.png"));
        Assert.Equal("empty.png: PNG has no IDAT chunk", e.Message);
    }

    [Fact]
    public void Decode_HugeHeader_IsRefusedFast()
    {
        var data = ImageEncoder.EncodePng(new RgbImage(1, 1));
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(16), 100000);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(20), 100000);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(29), Crc(data.AsSpan(12, 17)));
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(data, "huge.png"));
        Assert.Contains("100000x100000", e.Message);
        Assert.Contains("cap", e.Message);
    }

    [Fact]
    public void Decode_ZeroWidth_IsRefused()
    {
        var data = ImageEncoder.EncodePng(new RgbImage(1, 1));
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(16), 0);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(29), Crc(data.AsSpan(12, 17)));
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(data, "zero.png"));
        Assert.Contains("zero", e.Message);
    }

    internal static uint Crc(ReadOnlySpan<byte> typeAndData)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in typeAndData)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }
}
