using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests;

public sealed class ResourceLimitsTests
{
    [Theory]
    [InlineData("512M", 512L << 20)]
    [InlineData("4G", 4L << 30)]
    [InlineData("4g", 4L << 30)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("64k", 64L << 10)]
    [InlineData("2T", 2L << 40)]
    [InlineData("1000000", 1000000)]
    [InlineData("1000000B", 1000000)]
    [InlineData(" 8 MB ", 8L << 20)]
    public void TryParseBytes_SizesWithUnits_AreBinary(string text, long expected)
    {
        Assert.True(ResourceLimits.TryParseBytes(text, out long bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-4G")]
    [InlineData("0")]
    [InlineData("4X")]
    [InlineData("99999999999T")]
    [InlineData("NaN")]
    [InlineData("NaNG")]
    [InlineData("Infinity")]
    [InlineData(null)]
    public void TryParseBytes_Nonsense_IsRejected(string? text) => Assert.False(ResourceLimits.TryParseBytes(text, out _));

    [Theory]
    [InlineData(1000, "1000 bytes")]
    [InlineData(4L << 30, "4 GiB")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(512L << 20, "512 MiB")]
    public void FormatBytes_PicksTheLargestWholeUnit(long bytes, string expected) => Assert.Equal(expected, ResourceLimits.FormatBytes(bytes));

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var d = ResourceLimits.Default;
        Assert.Equal(4L << 30, d.MemoryBytes);
        Assert.Equal(256_000_000, d.MaxPixels);
        Assert.Equal(8, d.MaxRank);
        Assert.Equal(4L << 30, d.MaxInitializerBytes);
        Assert.Equal(CamSharp.Imaging.ImageDecoder.DefaultMaxPixels, d.MaxPixels);
        Assert.Equal(ResourceLimits.DefaultMaxNpyHeaderBytes, Npy.MaxHeaderBytes);
    }

    [Fact]
    public void Limits_AreValidatedWhenSet()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResourceLimits { MemoryBytes = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResourceLimits { MaxRank = 65 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResourceLimits { MaxElements = (long)int.MaxValue + 1 });
    }

    [Fact]
    public void BytesOf_SaturatesInsteadOfOverflowing()
    {
        Assert.Equal(4L * 3 * 224 * 224, ResourceLimits.BytesOf(DataType.Float32, [1, 3, 224, 224]));
        Assert.Equal(long.MaxValue, ResourceLimits.BytesOf(DataType.Int64, [int.MaxValue, int.MaxValue, int.MaxValue]));
    }
}
