using CamSharp.Imaging.Png;
using Xunit;

namespace CamSharp.Tests.Imaging.Png;

public sealed class Crc32Tests
{
    [Fact]
    public void Compute_IendChunkType_IsTheValueEveryPngEndsWith() =>
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8));

    [Fact]
    public void Compute_CheckString_IsTheStandardCrc32CheckValue() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
}
