using Xunit;
using CamSharp.Imaging;
using Xunit.Abstractions;

namespace CamSharp.Tests.Imaging;

public sealed class ImageDecoderTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names() => ImagingFixtures.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void Load_FixtureImage_MatchesOpenCv(string asset)
    {
        var entry = ImagingFixtures.Get(asset);
        var expected = ImagingFixtures.LoadImage(entry.Decoded);
        var actual = ImageDecoder.Load(Fixtures.Asset("images/" + asset));
        var (max, mean) = ImagingFixtures.Diff(expected, actual);
        output.WriteLine($"{asset}: max {max}, mean {mean:F4}");
        if (entry.IsJpeg)
        {
            Assert.True(max <= 4, $"{asset}: max |diff| {max} > 4");
            Assert.True(mean <= 0.5, $"{asset}: mean |diff| {mean} > 0.5");
        }
        else
        {
            Assert.Equal(0, max);
        }
    }

    [Fact]
    public void Decode_ContentNotExtension_DecidesFormat()
    {
        var png = ImageEncoder.EncodePng(new RgbImage(3, 2));
        string path = Path.Combine(Path.GetTempPath(), $"camsharp-{Guid.NewGuid():N}.jpg"); // a PNG named .jpg
        File.WriteAllBytes(path, png);
        try { Assert.Equal((3, 2), (ImageDecoder.Load(path).Width, ImageDecoder.Load(path).Height)); }
        finally { File.Delete(path); }
        Assert.Equal(ImageFormat.Png, ImageDecoder.DetectFormat(png));
    }

    [Theory]
    [InlineData(new byte[0], "file is empty")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a' }, "GIF images are not supported")]
    [InlineData(new byte[] { 1, 2, 3, 4 }, "unknown image format")]
    [InlineData(new byte[] { (byte)'P', (byte)'3', (byte)' ' }, "PNM variant P3 is not supported")]
    [InlineData(new byte[] { 0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c' }, "HEIC/HEIF images are not supported")]
    [InlineData(new byte[] { 0, 0, 0, 0x1C, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'a', (byte)'v', (byte)'i', (byte)'f' }, "AVIF images are not supported")]
    [InlineData(new byte[] { 0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A }, "JPEG 2000 images are not supported")]
    [InlineData(new byte[] { 0, 0, 1, 0, 1, 0, 16, 16 }, "ICO/CUR icons are not supported")]
    [InlineData(new byte[] { (byte)'8', (byte)'B', (byte)'P', (byte)'S', 0, 1 }, "Photoshop (PSD) images are not supported")]
    [InlineData(new byte[] { (byte)'q', (byte)'o', (byte)'i', (byte)'f', 0, 0 }, "QOI images are not supported")]
    [InlineData(new byte[] { (byte)'<', (byte)'s', (byte)'v', (byte)'g', (byte)' ' }, "SVG (vector) images are not supported")]
    public void Decode_UnsupportedContent_NamesFileAndProblem(byte[] data, string problem)
    {
        var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(data, "input.bin"));
        Assert.StartsWith("input.bin: " + problem, e.Message);
        Assert.Equal("input.bin", e.FileName);
    }

    [Fact]
    public void Load_BadFile_MessageNamesPath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"camsharp-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(path, ImageEncoder.EncodePng(new RgbImage(4, 4)).AsSpan(0, 40).ToArray());
        try
        {
            var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Load(path));
            Assert.StartsWith(path + ": PNG", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Decode_HundredThousandSquaredHeaders_AreRefusedByTheCap()
    {
        var bmp = ImageEncoder.EncodeBmp(new RgbImage(1, 1));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 100000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), 100000);
        byte[] pnm = [.. "P6 100000 100000 255\n"u8, 0, 0, 0];
        foreach (var (data, name) in new[] { (bmp, "huge.bmp"), (pnm, "huge.ppm") })
        {
            var e = Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(data, name));
            Assert.Contains("100000x100000 = 10000000000 pixels, more than the cap of 256000000", e.Message);
        }
    }

    [Fact]
    public void Decode_CustomPixelCap_RefusesLargerImages()
    {
        var png = ImageEncoder.EncodePng(new RgbImage(20, 10));
        Assert.Equal(20, ImageDecoder.Decode(png, "ok.png", maxPixels: 200).Width);
        Assert.Throws<ImageFormatException>(() => ImageDecoder.Decode(png, "big.png", maxPixels: 199));
    }
}
