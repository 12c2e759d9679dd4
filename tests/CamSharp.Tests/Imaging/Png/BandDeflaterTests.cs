using System.IO.Compression;
using CamSharp.Imaging.Png;
using Xunit;

namespace CamSharp.Tests.Imaging.Png;

public sealed class BandDeflaterTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(5, 2)]
    [InlineData(7, 6)]
    public void Write_Bands_InflateToTheDataInOrderWithItsChecksum(int bands, int level)
    {
        const int bandBytes = 40_000;
        // Compressible but not trivial: a ramp with noise, different per band.
        var rng = new Random(11);
        var data = Enumerable.Range(0, bands * bandBytes - 123).Select(i => (byte)(i / 97 + rng.Next(4))).ToArray();
        using var zlib = new MemoryStream();
        BandDeflater.Write(zlib, bands, bandBytes, (band, into) =>
        {
            int start = band * bandBytes, n = Math.Min(bandBytes, data.Length - start);
            data.AsSpan(start, n).CopyTo(into);
            return n;
        }, new ZLibCompressionOptions { CompressionLevel = level });

        // ZLibStream checks the header and the Adler-32 trailer; a stray final block would cut the data short.
        zlib.Position = 0;
        using var inflate = new ZLibStream(zlib, CompressionMode.Decompress);
        using var back = new MemoryStream();
        inflate.CopyTo(back);
        Assert.Equal(data, back.ToArray());
        // Restarting the dictionary per band costs little against one deflate of the whole (this data repeats every
        // 25 KB, so 40 KB bands lose more than bands of a photograph: 2.7 MB of overlay grew 0.2%).
        using var whole = new MemoryStream();
        using (var z = new ZLibStream(whole, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true)) z.Write(data);
        Assert.True(zlib.Length < whole.Length * 1.2 + 64, $"{zlib.Length} bytes in bands, {whole.Length} in one");
    }
}
