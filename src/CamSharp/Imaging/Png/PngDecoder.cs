using System.Buffers.Binary;
using System.IO.Compression;

namespace CamSharp.Imaging.Png;

/// <summary>
/// Decodes PNG (all colour types, bit depths 1–16, palettes, Adam7) to RGB. Chunk CRCs are
/// checked; critical chunks must be valid, unknown ancillary chunks are skipped.
/// </summary>
internal static class PngDecoder
{
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // Deflate cannot expand data by more than about 1032:1; a header promising more pixels
    // than the compressed bytes can hold is refused before the pixels are allocated.
    private const long MaxDeflateRatio = 1032;

    public static RgbImage Decode(ReadOnlySpan<byte> data, string? name, long maxPixels)
    {
        if (!data.StartsWith(Signature)) ImageFormatException.Throw(name, "PNG signature is missing");
        PngHeader? header = null;
        byte[]? palette = null;
        var idat = new MemoryStream();
        bool sawEnd = false;
        int pos = Signature.Length;
        while (!sawEnd)
        {
            if (data.Length - pos < 12) ImageFormatException.Throw(name, header is null ? "PNG has no IHDR chunk" : "PNG is truncated (no IEND chunk)");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            if (length > int.MaxValue || length > data.Length - pos - 12)
                ImageFormatException.Throw(name, $"PNG chunk at offset {pos} claims {length} bytes, more than the file holds");
            var typeAndData = data.Slice(pos + 4, 4 + (int)length);
            var body = typeAndData[4..];
            uint storedCrc = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + (int)length)..]);
            string type = ChunkType(typeAndData[..4]);
            bool critical = (typeAndData[0] & 0x20) == 0;
            pos += 12 + (int)length;
            if (Crc32.Compute(typeAndData) != storedCrc)
            {
                if (critical) ImageFormatException.Throw(name, $"PNG chunk {type} has a bad CRC");
                continue; // libpng discards ancillary chunks with bad CRCs
            }
            if (header is null && type != "IHDR") ImageFormatException.Throw(name, "PNG does not start with an IHDR chunk");
            switch (type)
            {
                case "IHDR":
                    if (header is not null) ImageFormatException.Throw(name, "PNG has two IHDR chunks");
                    header = ReadHeader(body, name, maxPixels);
                    break;
                case "PLTE":
                    if (length == 0 || length % 3 != 0 || length > 768) ImageFormatException.Throw(name, $"PNG PLTE chunk has invalid length {length}");
                    palette = body.ToArray();
                    break;
                case "IDAT":
                    idat.Write(body);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
                default:
                    if (critical) ImageFormatException.Throw(name, $"PNG critical chunk {type} is not supported");
                    break;
            }
        }
        var h = header!;
        if (h.ColorType == PngColorType.Palette && palette is null) ImageFormatException.Throw(name, "PNG palette image has no PLTE chunk");
        if (idat.Length == 0) ImageFormatException.Throw(name, "PNG has no IDAT chunk");
        long rawSize = RawSize(h);
        DecodeGuard.CheckMemory(name, "PNG", h.Width, h.Height, rawSize + idat.Length);
        if (rawSize > idat.Length * MaxDeflateRatio + 1024)
            ImageFormatException.Throw(name, $"PNG image data ({idat.Length} bytes) is too short for {h.Width}x{h.Height} pixels");
        byte[] raw = Inflate(idat, (int)rawSize, name);
        return h.Interlaced ? Reconstruct.Interlaced(raw, h, palette, name) : Reconstruct.Progressive(raw, h, palette, name);
    }

    private static PngHeader ReadHeader(ReadOnlySpan<byte> body, string? name, long maxPixels)
    {
        if (body.Length != 13) ImageFormatException.Throw(name, $"PNG IHDR chunk has length {body.Length}, expected 13");
        uint w = BinaryPrimitives.ReadUInt32BigEndian(body), hgt = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        if (w > int.MaxValue || hgt > int.MaxValue) ImageFormatException.Throw(name, $"PNG dimensions {w}x{hgt} exceed 2^31-1");
        DecodeGuard.CheckDimensions(name, "PNG", w, hgt, maxPixels);
        byte depth = body[8], color = body[9], compression = body[10], filter = body[11], interlace = body[12];
        var h = new PngHeader((int)w, (int)hgt, depth, (PngColorType)color, interlace == 1);
        if (!h.IsValidCombination) ImageFormatException.Throw(name, $"PNG colour type {color} with bit depth {depth} is invalid");
        if (compression != 0) ImageFormatException.Throw(name, $"PNG compression method {compression} is not supported");
        if (filter != 0) ImageFormatException.Throw(name, $"PNG filter method {filter} is not supported");
        if (interlace > 1) ImageFormatException.Throw(name, $"PNG interlace method {interlace} is not supported");
        return h;
    }

    /// <summary>Bytes of filtered scanlines (filter byte included) the IDAT stream must inflate to.</summary>
    private static long RawSize(PngHeader h)
    {
        if (!h.Interlaced) return (h.RowBytes(h.Width) + 1) * h.Height;
        long total = 0;
        for (int p = 0; p < 7; p++)
        {
            var pass = Adam7.Get(p, h.Width, h.Height);
            if (pass.Width > 0 && pass.Height > 0) total += (h.RowBytes(pass.Width) + 1) * pass.Height;
        }
        return total;
    }

    private static byte[] Inflate(MemoryStream idat, int size, string? name)
    {
        if (size > Array.MaxLength) ImageFormatException.Throw(name, "PNG image data is too large");
        var raw = new byte[size];
        idat.Position = 0;
        try
        {
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            int got = 0;
            while (got < size)
            {
                int n = z.Read(raw, got, size - got);
                if (n == 0) ImageFormatException.Throw(name, $"PNG image data is truncated ({got} of {size} bytes after decompression)");
                got += n;
            }
        }
        catch (InvalidDataException e)
        {
            throw new ImageFormatException(name, $"PNG image data is corrupt: {e.Message}", e);
        }
        return raw;
    }

    private static string ChunkType(ReadOnlySpan<byte> t)
    {
        Span<char> c = stackalloc char[4];
        for (int i = 0; i < 4; i++) c[i] = t[i] is >= 0x20 and < 0x7F ? (char)t[i] : '?';
        return new string(c);
    }
}
