using System.Buffers.Binary;
using System.IO.Compression;
using CamSharp.Tensors;

namespace CamSharp.Imaging.Png;

/// <summary>
/// One zlib stream deflated in bands on the worker team, as pigz does: each band is raw deflate
/// ended by a sync flush (byte-aligned, not final) except the last, which finishes the stream;
/// the bands follow one zlib header, and the Adler-32 of the whole (<see cref="Adler32.Combine"/>)
/// closes it. A band starts with an empty dictionary, so the stream is a little larger than one
/// deflate of the whole, and any zlib decoder reads it. Bands are made and written a team's
/// worth at a time into buffers reused from wave to wave, so only those are held.
/// </summary>
internal static class BandDeflater
{
    /// <summary>Writes band <paramref name="band"/>'s uncompressed bytes into <paramref name="into"/>; returns how many.</summary>
    public delegate int FillBand(int band, byte[] into);

    /// <param name="output">Where the zlib stream goes.</param>
    /// <param name="bands">How many bands the data is cut into.</param>
    /// <param name="bandBytes">The most bytes one band holds.</param>
    /// <param name="fill">Makes a band's bytes (called on worker threads).</param>
    /// <param name="level">zlib's compression options.</param>
    public static void Write(Stream output, int bands, int bandBytes, FillBand fill, ZLibCompressionOptions level)
    {
        output.Write(Header(level.CompressionLevel));
        uint adler = Adler32.Initial;
        int wave = Math.Max(1, Math.Min(WorkerTeam.Size, bands));
        var raw = Enumerable.Range(0, wave).Select(_ => new byte[bandBytes]).ToArray();
        // Room for a band that does not compress (noise): deflate's stored blocks add a few bytes per 16 KB.
        var packed = Enumerable.Range(0, wave).Select(_ => new MemoryStream(bandBytes + bandBytes / 256 + 64)).ToArray();
        var done = new (int Length, uint Adler, int RawLength)[wave];
        for (int first = 0; first < bands; first += wave)
        {
            int count = Math.Min(wave, bands - first);
            WorkerTeam.For(count, i => done[i] = Deflate(first + i, first + i == bands - 1, fill, raw[i], packed[i], level));
            for (int i = 0; i < count; i++)
            {
                output.Write(packed[i].GetBuffer(), 0, done[i].Length);
                adler = Adler32.Combine(adler, done[i].Adler, done[i].RawLength);
            }
        }
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, adler);
        output.Write(trailer);
    }

    private static (int Length, uint Adler, int RawLength) Deflate(int band, bool last, FillBand fill, byte[] raw, MemoryStream packed, ZLibCompressionOptions level)
    {
        int n = fill(band, raw);
        packed.SetLength(0);
        int length;
        using (var deflate = new DeflateStream(packed, level, leaveOpen: true))
        {
            deflate.Write(raw, 0, n);
            // A sync flush ends the band on a byte boundary without marking it final; what disposing adds
            // after it (the final block) belongs to the last band only.
            deflate.Flush();
            length = (int)packed.Length;
        }
        if (last) length = (int)packed.Length;
        return (length, Adler32.Append(Adler32.Initial, raw.AsSpan(0, n)), n);
    }

    /// <summary>The two zlib header bytes: deflate with a 32 KB window, FLEVEL from the level, FCHECK making it a multiple of 31.</summary>
    private static byte[] Header(int level)
    {
        const int cmf = 0x78;
        int flevel = level switch { <= 1 => 0, <= 5 => 1, 6 => 2, _ => 3 };
        int flg = flevel << 6;
        flg += (31 - (cmf * 256 + flg) % 31) % 31;
        return [cmf, (byte)flg];
    }
}
