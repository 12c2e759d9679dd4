using System.Buffers.Binary;
using CamSharp.Imaging;
using CamSharp.Imaging.Png;
using Xunit;

namespace CamSharp.Tests.Imaging.Png;

public sealed class IdatStreamTests
{
    [Fact]
    public void Write_MoreThanOneChunk_EmitsFullChunksThenTheRest()
    {
        using var file = new MemoryStream();
        var idat = new IdatStream(file);
        var data = new byte[IdatStream.ChunkBytes * 2 + 10];
        new Random(3).NextBytes(data);
        idat.Write(data.AsSpan(0, 100));
        idat.Write(data.AsSpan(100));
        idat.Flush();
        var chunks = Chunks(file.ToArray());
        Assert.Equal([IdatStream.ChunkBytes, IdatStream.ChunkBytes, 10], chunks.Select(c => c.Data.Length));
        Assert.All(chunks, c => Assert.Equal("IDAT", c.Type));
        Assert.Equal(data, chunks.SelectMany(c => c.Data));
    }

    [Fact]
    public void Flush_NothingWritten_EmitsNoChunk()
    {
        using var file = new MemoryStream();
        new IdatStream(file).Flush();
        Assert.Equal(0, file.Length);
    }

    [Fact]
    public void EncodePng_LargeNoisyImage_SplitsIdatAndDecodesToSamePixels()
    {
        var img = new RgbImage(600, 400);
        new Random(5).NextBytes(img.Pixels);
        var png = ImageEncoder.EncodePng(img);
        var chunks = Chunks(png.AsSpan(8).ToArray());
        Assert.True(chunks.Count(c => c.Type == "IDAT") > 1);
        Assert.All(chunks, c => Assert.True(c.Data.Length <= IdatStream.ChunkBytes));
        Assert.Equal(img.Pixels, ImageDecoder.Decode(png).Pixels);
    }

    /// <summary>The chunks of a PNG body (after the signature); checks each CRC.</summary>
    private static List<(string Type, byte[] Data)> Chunks(byte[] body)
    {
        var chunks = new List<(string, byte[])>();
        for (int at = 0; at < body.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(at));
            var type = body.AsSpan(at + 4, 4);
            var data = body.AsSpan(at + 8, length);
            uint crc = Crc32.Compute(body.AsSpan(at + 4, 4 + length));
            Assert.Equal(crc, BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(at + 8 + length)));
            chunks.Add((System.Text.Encoding.ASCII.GetString(type), data.ToArray()));
            at += 12 + length;
        }
        return chunks;
    }
}
