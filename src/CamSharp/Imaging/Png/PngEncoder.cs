using System.Buffers.Binary;
using System.IO.Compression;

namespace CamSharp.Imaging.Png;

/// <summary>
/// Writes 8-bit RGB PNG: per row, the filter whose output has the smallest sum of absolute
/// (signed) bytes (the heuristic the PNG spec recommends), deflated in bands on the worker team
/// (<see cref="BandDeflater"/>) into IDAT chunks written as they fill (<see cref="IdatStream"/>),
/// so encoding to a file holds a few bands, not the file.
/// </summary>
internal static class PngEncoder
{
    /// <summary>The whole file in memory (for pictures embedded elsewhere).</summary>
    public static byte[] Encode(RgbImage img, ZLibCompressionOptions level)
    {
        // Room for a third of the raw rows up front: overlays on photographs deflate to about that.
        using var ms = new MemoryStream((int)Math.Min(int.MaxValue / 2, (long)(img.Stride + 1) * img.Height / 3 + 1024));
        Encode(img, ms, level);
        return ms.ToArray();
    }

    public static void Encode(RgbImage img, Stream output, ZLibCompressionOptions level)
    {
        output.Write(PngDecoder.Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)img.Width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)img.Height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = (byte)PngColorType.Rgb;
        WriteChunk(output, "IHDR"u8, ihdr);
        var idat = new IdatStream(output);
        Compress(img, level, idat);
        idat.Flush();
        WriteChunk(output, "IEND"u8, []);
    }

    /// <summary>zlib's level for a <see cref="CompressionLevel"/> (what .NET's own mapping uses: 0, 1, 6, 9).</summary>
    public static ZLibCompressionOptions Options(CompressionLevel level) => new()
    {
        CompressionLevel = level switch
        {
            CompressionLevel.NoCompression => 0,
            CompressionLevel.Fastest => 1,
            CompressionLevel.SmallestSize => 9,
            _ => 6,
        },
    };

    /// <summary>
    /// Uncompressed bytes per band that <see cref="BandDeflater"/> deflates on one thread: small enough that the
    /// team's buffers stay a fraction of a photograph, large enough that restarting the dictionary costs little.
    /// </summary>
    internal const int BandBytes = 1 << 17;

    private static void Compress(RgbImage img, ZLibCompressionOptions level, Stream idat)
    {
        int rowBytes = img.Stride + 1;
        int rowsPerBand = Math.Max(1, BandBytes / rowBytes);
        int bands = Math.Max(1, (img.Height + rowsPerBand - 1) / rowsPerBand);
        BandDeflater.Write(idat, bands, Math.Min(img.Height, rowsPerBand) * rowBytes,
            (band, into) => FilterRows(img, band * rowsPerBand, Math.Min(img.Height, (band + 1) * rowsPerBand), into), level);
    }

    /// <summary>Rows [<paramref name="start"/>, <paramref name="end"/>) filtered, each led by its filter type; returns the bytes written.</summary>
    private static int FilterRows(RgbImage img, int start, int end, byte[] into)
    {
        int stride = img.Stride;
        // Row scratch from the shared pool: a band's rows are a fraction of the picture, and new rows per band added up.
        var pool = System.Buffers.ArrayPool<byte>.Shared;
        byte[] candidateArray = pool.Rent(stride), bestArray = pool.Rent(stride);
        Span<byte> candidate = candidateArray.AsSpan(0, stride), best = bestArray.AsSpan(0, stride);
        ReadOnlySpan<byte> zeros = start == 0 ? new byte[stride] : default;
        int at = 0;
        for (int y = start; y < end; y++)
        {
            ReadOnlySpan<byte> row = img.Row(y);
            ReadOnlySpan<byte> prior = y > 0 ? img.Row(y - 1) : zeros;
            long bestScore = long.MaxValue;
            byte bestType = 0;
            for (byte type = 0; type <= 4; type++)
            {
                long score = PngFilters.Filter(type, row, prior, 3, candidate);
                if (score < bestScore)
                {
                    bestScore = score;
                    bestType = type;
                    var swap = candidate;
                    candidate = best;
                    best = swap;
                }
            }
            into[at++] = bestType;
            best.CopyTo(into.AsSpan(at));
            at += stride;
        }
        pool.Return(candidateArray);
        pool.Return(bestArray);
        return at;
    }

    internal static void WriteChunk(Stream o, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        o.Write(word);
        o.Write(type);
        o.Write(data);
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        o.Write(word);
    }
}
