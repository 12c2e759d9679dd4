using System.Buffers.Binary;
using System.IO.Compression;

namespace CamSharp.Imaging.Png;

/// <summary>
/// Writes 8-bit RGB PNG: per row, the filter whose output has the smallest sum of absolute
/// (signed) bytes (the heuristic the PNG spec recommends), deflated by zlib into one IDAT.
/// The file is built in one array of its final size: a picture of several megapixels was
/// otherwise copied four times (growing streams, then arrays taken from them).
/// </summary>
internal static class PngEncoder
{
    private const int ChunkOverhead = 12; // length, type, CRC

    public static byte[] Encode(RgbImage img, CompressionLevel level)
    {
        using var idat = Compress(img, level);
        var data = idat.GetBuffer().AsSpan(0, (int)idat.Length);
        var file = new byte[PngDecoder.Signature.Length + ChunkOverhead + 13 + ChunkOverhead + data.Length + ChunkOverhead];
        var at = file.AsSpan();
        PngDecoder.Signature.CopyTo(at);
        at = at[PngDecoder.Signature.Length..];
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)img.Width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)img.Height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = (byte)PngColorType.Rgb;
        at = WriteChunk(at, "IHDR"u8, ihdr);
        at = WriteChunk(at, "IDAT"u8, data);
        WriteChunk(at, "IEND"u8, []);
        return file;
    }

    private static MemoryStream Compress(RgbImage img, CompressionLevel level)
    {
        int stride = img.Stride;
        var zeros = new byte[stride];
        var candidate = new byte[stride];
        var best = new byte[stride];
        // Room for a third of the raw rows up front: overlays on photographs deflate to about that.
        var ms = new MemoryStream((int)Math.Min(int.MaxValue / 2, (long)(stride + 1) * img.Height / 3 + 1024));
        using (var z = new ZLibStream(ms, level, leaveOpen: true))
        {
            for (int y = 0; y < img.Height; y++)
            {
                ReadOnlySpan<byte> row = img.Row(y);
                ReadOnlySpan<byte> prior = y > 0 ? img.Row(y - 1) : zeros;
                long bestScore = long.MaxValue;
                byte bestType = 0;
                for (byte type = 0; type <= 4; type++)
                {
                    long score = PngFilters.Filter(type, row, prior, 3, candidate);
                    if (score < bestScore) { bestScore = score; bestType = type; (candidate, best) = (best, candidate); }
                }
                z.WriteByte(bestType);
                z.Write(best);
            }
        }
        return ms;
    }

    /// <summary>Writes one chunk at the start of <paramref name="o"/> and returns what follows it.</summary>
    private static Span<byte> WriteChunk(Span<byte> o, scoped ReadOnlySpan<byte> type, scoped ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteUInt32BigEndian(o, (uint)data.Length);
        type.CopyTo(o[4..]);
        data.CopyTo(o[8..]);
        // The CRC covers type and data, which now sit together.
        BinaryPrimitives.WriteUInt32BigEndian(o[(8 + data.Length)..], Crc32.Compute(o.Slice(4, 4 + data.Length)));
        return o[(ChunkOverhead + data.Length)..];
    }
}
