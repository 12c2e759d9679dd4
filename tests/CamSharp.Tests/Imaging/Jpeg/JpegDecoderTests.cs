using System.Buffers.Binary;
using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging.Jpeg;

public sealed class JpegDecoderTests
{
    [Theory]
    [InlineData("s422")]                     // 4:2:2, h2v1 fancy upsampling
    [InlineData("s411")]                     // 4:1:1, generic box upsampling
    [InlineData("s440")]                     // 4:4:0, h1v2 fancy upsampling
    [InlineData("s420_restart")]             // restart marker after every MCU
    [InlineData("s422_progressive")]
    [InlineData("s420_progressive_restart")]
    [InlineData("gray_progressive")]
    [InlineData("rgb")]                      // Adobe transform 0: RGB stored as is
    public void Decode_LibjpegTurboVariant_EqualsDjpeg(string name)
    {
        var expected = ImageDecoder.Load(ImagingFixtures.Data(name + ".djpeg.ppm"));
        var actual = ImageDecoder.Load(ImagingFixtures.Data(name + ".jpg"));
        Assert.Equal(0, ImagingFixtures.Diff(expected, actual).Max);
    }

    [Fact]
    public void Decode_ArithmeticCoding_IsRefusedByName()
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Load(ImagingFixtures.Data("arithmetic.jpg")));
        Assert.Contains("arithmetic.jpg", e.Message);
        Assert.Contains("0xC9 (arithmetic-coded sequential) is not supported", e.Message);
    }

    [Fact]
    public void Decode_LosslessFrame_IsRefusedByName()
    {
        var data = File.ReadAllBytes(ImagingFixtures.Data("s422.jpg"));
        data[FindMarker(data, 0xC0) + 1] = 0xC3;
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(data, "lossless.jpg"));
        Assert.Equal("lossless.jpg: JPEG marker 0xC3 (lossless) is not supported", e.Message);
    }

    [Fact]
    public void Decode_FourComponents_IsRefusedAsCmyk()
    {
        byte[] data = [0xFF, 0xD8, 0xFF, 0xC0, 0, 20, 8, 0, 8, 0, 8, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0, 0xFF, 0xD9];
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(data, "cmyk.jpg"));
        Assert.Contains("CMYK", e.Message);
    }

    [Fact]
    public void Decode_HugeDimensions_IsRefusedBeforeAllocating()
    {
        var data = File.ReadAllBytes(ImagingFixtures.Data("s422.jpg"));
        int sof = FindMarker(data, 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(sof + 5), 60000);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(sof + 7), 60000);
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(data, "big.jpg", maxPixels: 1_000_000));
        Assert.Contains("more than the cap", e.Message);
        // Under the cap, the few bytes of data cannot hold that many blocks: refused as truncated.
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(sof + 5), 15000);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(sof + 7), 15000);
        e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(data, "big.jpg"));
        Assert.Contains("too short", e.Message);
    }

    public static TheoryData<int> Orientations() => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Decode_ExifOrientation_IsAppliedAsOpenCvDoes(int orientation)
    {
        var plain = File.ReadAllBytes(ImagingFixtures.Data("s422.jpg"));
        var upright = ImageDecoder.Decode(plain);
        var rotated = ImageDecoder.Decode(WithExifOrientation(plain, orientation));
        int w = upright.Width, h = upright.Height;
        bool swap = orientation >= 5;
        Assert.Equal(swap ? (h, w) : (w, h), (rotated.Width, rotated.Height));
        for (int y = 0; y < rotated.Height; y++)
            for (int x = 0; x < rotated.Width; x++)
            {
                // Where each displayed pixel comes from (EXIF 2.3, Orientation tag).
                var (sx, sy) = orientation switch
                {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    8 => (w - 1 - y, x),
                    _ => (x, y),
                };
                Assert.Equal(upright[sx, sy], rotated[x, y]);
            }
    }

    /// <summary>Inserts an APP1 Exif segment (big-endian TIFF, one IFD entry) after SOI.</summary>
    internal static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] body = [.. "Exif\0\0"u8, .. tiff];
        byte[] seg = [0xFF, 0xE1, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2), .. body];
        return [.. jpeg.AsSpan(0, 2), .. seg, .. jpeg.AsSpan(2)];
    }

    private static int FindMarker(byte[] data, byte marker)
    {
        for (int i = 2; i < data.Length - 1; i++)
            if (data[i] == 0xFF && data[i + 1] == marker) return i;
        throw new InvalidOperationException($"Marker {marker:X2} not found.");
    }
}
