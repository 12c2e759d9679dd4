using System.Buffers.Binary;
using System.IO.Compression;
using CamSharp.Imaging.Png;

namespace CamSharp.MutationRun;

/// <summary>
/// PNG-aware mutations: checksums repaired after a byte edit, header fields edited, or the
/// decompressed scanlines edited and compressed again, so edits reach the decoder's header,
/// filter and interlace code instead of stopping at a CRC or the deflate stream.
/// </summary>
public static class PngChunks
{
    public static byte[] Mutate(byte[] png, Random rnd)
    {
        switch (rnd.Next(4))
        {
            case 0: return FixCrcs(ByteMutations.Mutate(png, rnd));
            case 1: return EditHeader(png, rnd);
            case 2: return EditScanlines(png, rnd);
            default: return ByteMutations.Mutate(png, rnd);
        }
    }

    /// <summary>Width, height, bit depth, colour type or interlace changed in IHDR (the first chunk).</summary>
    private static byte[] EditHeader(byte[] png, Random rnd)
    {
        var data = (byte[])png.Clone();
        const int body = 16; // signature, length, "IHDR"
        if (data.Length < body + 13) return data;
        switch (rnd.Next(5))
        {
            case 0: BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(body), (uint)Math.Max(0, BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(body)) + rnd.Next(-3, 4))); break;
            case 1: BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(body + 4), (uint)rnd.Next(0, 200)); break;
            case 2: data[body + 8] = (byte)(1 << rnd.Next(0, 5)); break;
            case 3: data[body + 9] = (byte)rnd.Next(0, 7); break;
            default: data[body + 12] ^= 1; break;
        }
        return FixCrcs(data);
    }

    /// <summary>The IDAT data inflated, edited (filter bytes, pixels, length) and deflated again.</summary>
    private static byte[] EditScanlines(byte[] png, Random rnd)
    {
        var chunks = Chunks(png);
        var idat = chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Body).ToArray();
        if (idat.Length == 0) return png;
        byte[] raw;
        try
        {
            using var z = new ZLibStream(new MemoryStream(idat), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            z.CopyTo(ms);
            raw = ms.ToArray();
        }
        catch (InvalidDataException)
        {
            return png;
        }
        raw = ByteMutations.Mutate(raw, rnd, headerBias: raw.Length);
        using var packed = new MemoryStream();
        using (var z = new ZLibStream(packed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(raw);
        using var result = new MemoryStream();
        result.Write(png.AsSpan(0, 8));
        bool written = false;
        foreach (var (type, body) in chunks)
        {
            if (type == "IDAT")
            {
                if (!written) WriteChunk(result, "IDAT", packed.ToArray());
                written = true;
                continue;
            }
            WriteChunk(result, type, body);
        }
        return result.ToArray();
    }

    private static List<(string Type, byte[] Body)> Chunks(byte[] png)
    {
        var list = new List<(string, byte[])>();
        int at = 8;
        while (at + 12 <= png.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            if (length > png.Length - at - 12) break;
            list.Add((System.Text.Encoding.ASCII.GetString(png, at + 4, 4), png.AsSpan(at + 8, (int)length).ToArray()));
            at += 12 + (int)length;
        }
        return list;
    }

    private static void WriteChunk(Stream s, string type, byte[] body)
    {
        var chunk = new byte[12 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)body.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        body.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + body.Length), Crc32.Compute(chunk.AsSpan(4, 4 + body.Length)));
        s.Write(chunk);
    }

    public static byte[] FixCrcs(byte[] png)
    {
        int at = 8;
        while (at + 12 <= png.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            if (length > png.Length - at - 12) break;
            int end = at + 8 + (int)length;
            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(end), Crc32.Compute(png.AsSpan(at + 4, 4 + (int)length)));
            at = end + 4;
        }
        return png;
    }
}
