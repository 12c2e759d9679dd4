using CamSharp.Imaging;
using Xunit;
using Xunit.Abstractions;

namespace CamSharp.Tests.Imaging;

public sealed class ImageEncoderTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("both.png")]
    [InlineData("dog_cat.jfif")]
    public void EncodePng_RealImage_DecodesToSamePixels(string asset)
    {
        var img = ImageDecoder.Load(Fixtures.Asset("images/" + asset));
        var back = ImageDecoder.Decode(ImageEncoder.EncodePng(img));
        Assert.Equal(img.Pixels, back.Pixels);
    }

    [Theory]
    [InlineData(System.IO.Compression.CompressionLevel.Fastest)]
    [InlineData(System.IO.Compression.CompressionLevel.Optimal)]
    [InlineData(System.IO.Compression.CompressionLevel.NoCompression)]
    public void EncodePng_EachLevel_DecodesToSamePixelsWithValidChunkCrcs(System.IO.Compression.CompressionLevel level)
    {
        var img = ImageResize.Resize(ImageDecoder.Load(Fixtures.Asset("images/dog_cat.jfif")), 301, 203);
        var bytes = ImageEncoder.EncodePng(img, level);
        // The decoder checks every chunk's CRC (a wrong one is an error naming the chunk).
        var back = ImageDecoder.Decode(bytes);
        Assert.Equal(img.Pixels, back.Pixels);
        Assert.Equal(0x49454E44u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(bytes.Length - 8)));
    }

    [Theory]
    [InlineData(JpegSubsampling.Yuv444, 40.0)]
    [InlineData(JpegSubsampling.Yuv420, 40.0)]
    [InlineData(JpegSubsampling.Yuv422, 40.0)]
    [InlineData(JpegSubsampling.Yuv440, 40.0)]
    public void EncodeJpeg_Quality95_DecodesWithHighPsnr(JpegSubsampling subsampling, double minPsnr)
    {
        var img = ImageDecoder.Load(Fixtures.Asset("images/dog_cat.jfif"));
        var bytes = ImageEncoder.EncodeJpeg(img, 95, subsampling);
        var back = ImageDecoder.Decode(bytes);
        double psnr = ImagingFixtures.Psnr(img, back);
        output.WriteLine($"{subsampling}: {bytes.Length} bytes, PSNR {psnr:F2} dB");
        Assert.True(psnr >= minPsnr, $"PSNR {psnr:F2} dB < {minPsnr}");
    }

    [Fact]
    public void EncodeJpeg_LowerQuality_GivesSmallerFileAndLowerPsnr()
    {
        var img = ImageDecoder.Load(Fixtures.Asset("images/dog_cat.jfif"));
        var hi = ImageEncoder.EncodeJpeg(img, 95);
        var lo = ImageEncoder.EncodeJpeg(img, 30);
        Assert.True(lo.Length < hi.Length / 2);
        Assert.True(ImagingFixtures.Psnr(img, ImageDecoder.Decode(lo)) < ImagingFixtures.Psnr(img, ImageDecoder.Decode(hi)));
    }

    [Fact]
    public void EncodeJpeg_OddSizedFlatImage_DecodesNearlyExactly()
    {
        var img = RgbImage.Filled(17, 9, new Rgb(200, 40, 90));
        var back = ImageDecoder.Decode(ImageEncoder.EncodeJpeg(img, 95, JpegSubsampling.Yuv444));
        Assert.True(ImagingFixtures.Diff(img, back).Max <= 2);
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".jpg")]
    [InlineData(".JPEG")]
    [InlineData(".bmp")]
    public void Save_ByExtension_WritesThatFormatAndNoTempFile(string extension)
    {
        string dir = Directory.CreateTempSubdirectory("camsharp-save").FullName;
        try
        {
            string path = Path.Combine(dir, "out" + extension);
            File.WriteAllText(path, "old content");
            var img = ImageResizeTests.Gradient(9, 6);
            ImageEncoder.Save(img, path);
            var data = File.ReadAllBytes(path);
            var expected = extension.ToLowerInvariant() switch { ".png" => ImageFormat.Png, ".bmp" => ImageFormat.Bmp, _ => ImageFormat.Jpeg };
            Assert.Equal(expected, ImageDecoder.DetectFormat(data));
            Assert.Equal((9, 6), (ImageDecoder.Decode(data).Width, ImageDecoder.Decode(data).Height));
            Assert.Equal(["out" + extension], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Save_PngOfPhotograph_SamePixelsAndNearTheOptimalLevelsSize()
    {
        // Files deflate at a faster zlib level than EncodePng's Optimal: same pixels, barely larger.
        var img = ImageDecoder.Load(Fixtures.Asset("images/dog_cat.jfif"));
        string dir = Directory.CreateTempSubdirectory("camsharp-save").FullName;
        try
        {
            string path = Path.Combine(dir, "out.png");
            ImageEncoder.Save(img, path);
            var data = File.ReadAllBytes(path);
            Assert.Equal(img.Pixels, ImageDecoder.Decode(data).Pixels);
            int optimal = ImageEncoder.EncodePng(img).Length;
            Assert.True(data.Length <= optimal * 1.10, $"{data.Length} bytes against {optimal} at the Optimal level");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Save_UnknownExtension_ThrowsAndWritesNothing()
    {
        string dir = Directory.CreateTempSubdirectory("camsharp-save").FullName;
        try
        {
            Assert.Throws<ArgumentException>(() => ImageEncoder.Save(new RgbImage(2, 2), Path.Combine(dir, "out.gif")));
            Assert.Empty(Directory.GetFiles(dir));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Save_IntoMissingFolder_ThrowsAndLeavesNoFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "camsharp-missing-" + Guid.NewGuid().ToString("N"));
        Assert.ThrowsAny<IOException>(() => ImageEncoder.Save(new RgbImage(2, 2), Path.Combine(dir, "out.png")));
        Assert.False(Directory.Exists(dir));
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".bmp")]
    public void Save_LargeNoisyImage_AllocatesLessThanThePicture(string extension)
    {
        // A 1500×1000 picture of noise (4.5 MB, a PNG of about that size): encoding into an array
        // first allocated the file two or three times over; streamed, a few row buffers.
        var img = new RgbImage(1500, 1000);
        new Random(7).NextBytes(img.Pixels);
        string dir = Directory.CreateTempSubdirectory("camsharp-save").FullName;
        try
        {
            string path = Path.Combine(dir, "out" + extension);
            ImageEncoder.Save(img, path);
            long before = GC.GetAllocatedBytesForCurrentThread();
            ImageEncoder.Save(img, path);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            output.WriteLine($"{extension}: {allocated:N0} bytes allocated for a {img.Pixels.Length:N0}-byte picture");
            Assert.True(allocated < img.Pixels.Length / 4, $"{allocated:N0} bytes allocated");
            Assert.Equal(img.Pixels, ImageDecoder.Load(path).Pixels);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Save_LargeJpeg_AllocatesLessThanThePicture()
    {
        // Float Y/Cb/Cr planes of the whole image were 12 bytes a pixel; a band of MCU rows is enough.
        var img = new RgbImage(1500, 1000);
        new Random(7).NextBytes(img.Pixels);
        string dir = Directory.CreateTempSubdirectory("camsharp-save").FullName;
        try
        {
            string path = Path.Combine(dir, "out.jpg");
            ImageEncoder.Save(img, path);
            long before = GC.GetAllocatedBytesForCurrentThread();
            ImageEncoder.Save(img, path);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            output.WriteLine($"{allocated:N0} bytes allocated for a {img.Pixels.Length:N0}-byte picture");
            Assert.True(allocated < img.Pixels.Length / 4, $"{allocated:N0} bytes allocated");
            Assert.Equal((1500, 1000), (ImageDecoder.Load(path).Width, ImageDecoder.Load(path).Height));
        }
        finally { Directory.Delete(dir, true); }
    }
}
