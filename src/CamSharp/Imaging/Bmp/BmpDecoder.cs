using System.Buffers.Binary;
using System.Numerics;

namespace CamSharp.Imaging.Bmp;

/// <summary>
/// Decodes uncompressed Windows BMP: 24- and 32-bit (BI_RGB or BI_BITFIELDS masks, alpha
/// ignored) and 1/4/8-bit palette images, bottom-up or top-down. RLE and 16-bit are refused.
/// </summary>
internal static class BmpDecoder
{
    private const int FileHeaderSize = 14;

    public static RgbImage Decode(ReadOnlySpan<byte> data, string? name, long maxPixels)
    {
        if (data.Length < FileHeaderSize + 16) ImageFormatException.Throw(name, "BMP header is truncated");
        uint pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        var info = data[FileHeaderSize..];
        int headerSize = BinaryPrimitives.ReadInt32LittleEndian(info);
        if (headerSize is not (12 or 40 or 52 or 56 or 64 or 108 or 124)) ImageFormatException.Throw(name, $"BMP info header size {headerSize} is not supported");
        if (info.Length < headerSize) ImageFormatException.Throw(name, "BMP info header is truncated");
        long width, height;
        int bpp, compression = 0;
        if (headerSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(info[4..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(info[6..]);
            bpp = BinaryPrimitives.ReadUInt16LittleEndian(info[10..]);
        }
        else
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(info[4..]);
            height = BinaryPrimitives.ReadInt32LittleEndian(info[8..]);
            bpp = BinaryPrimitives.ReadUInt16LittleEndian(info[14..]);
            compression = BinaryPrimitives.ReadInt32LittleEndian(info[16..]);
        }
        bool topDown = height < 0;
        height = Math.Abs(height);
        DecodeGuard.CheckDimensions(name, "BMP", width, height, maxPixels);
        if (bpp is not (1 or 4 or 8 or 24 or 32)) ImageFormatException.Throw(name, $"BMP with {bpp} bits per pixel is not supported");
        uint[] masks = [0xFF0000, 0xFF00, 0xFF];
        if (compression == 3 || compression == 6)
        {
            if (bpp != 32) ImageFormatException.Throw(name, $"BMP bit-field masks with {bpp} bits per pixel are not supported");
            int at = headerSize >= 52 ? FileHeaderSize + 40 : FileHeaderSize + headerSize;
            if (data.Length < at + 12) ImageFormatException.Throw(name, "BMP colour masks are truncated");
            for (int i = 0; i < 3; i++) masks[i] = BinaryPrimitives.ReadUInt32LittleEndian(data[(at + 4 * i)..]);
        }
        else if (compression != 0)
        {
            ImageFormatException.Throw(name, $"BMP compression {compression} (RLE/JPEG/PNG) is not supported");
        }
        long stride = (bpp * width + 31) / 32 * 4;
        if (pixelOffset > data.Length || stride * height > data.Length - pixelOffset)
            ImageFormatException.Throw(name, $"BMP pixel data is truncated ({data.Length} bytes for {width}x{height} at {bpp} bits)");
        byte[]? palette = bpp <= 8 ? ReadPalette(data, headerSize, bpp, (int)pixelOffset, name) : null;

        var img = new RgbImage((int)width, (int)height);
        for (int y = 0; y < height; y++)
        {
            int srcRow = topDown ? y : (int)height - 1 - y;
            var src = data.Slice((int)(pixelOffset + srcRow * stride), (int)stride);
            var dst = img.Row(y);
            if (bpp == 24) ConvertBgr(src, dst, (int)width);
            else if (bpp == 32) ConvertMasked(src, dst, (int)width, masks);
            else ConvertIndexed(src, dst, (int)width, bpp, palette!);
        }
        return img;
    }

    private static byte[] ReadPalette(ReadOnlySpan<byte> data, int headerSize, int bpp, int pixelOffset, string? name)
    {
        int entrySize = headerSize == 12 ? 3 : 4;
        int start = FileHeaderSize + headerSize;
        int available = Math.Max(0, (pixelOffset - start) / entrySize);
        int count = Math.Min(1 << bpp, available);
        if (count == 0) ImageFormatException.Throw(name, "BMP palette is missing");
        var pal = new byte[3 * 256]; // entries past the stored palette stay black
        for (int i = 0; i < count; i++)
        {
            var e = data.Slice(start + i * entrySize, 3);
            pal[3 * i] = e[2]; pal[3 * i + 1] = e[1]; pal[3 * i + 2] = e[0];
        }
        return pal;
    }

    private static void ConvertBgr(ReadOnlySpan<byte> src, Span<byte> dst, int width)
    {
        for (int x = 0; x < width; x++)
        {
            dst[3 * x] = src[3 * x + 2]; dst[3 * x + 1] = src[3 * x + 1]; dst[3 * x + 2] = src[3 * x];
        }
    }

    private static void ConvertMasked(ReadOnlySpan<byte> src, Span<byte> dst, int width, uint[] masks)
    {
        for (int x = 0; x < width; x++)
        {
            uint p = BinaryPrimitives.ReadUInt32LittleEndian(src[(4 * x)..]);
            for (int ch = 0; ch < 3; ch++) dst[3 * x + ch] = Extract(p, masks[ch]);
        }
    }

    /// <summary>The bits of <paramref name="mask"/> in <paramref name="p"/>, scaled to 0..255.</summary>
    private static byte Extract(uint p, uint mask)
    {
        if (mask == 0) return 0;
        int shift = BitOperations.TrailingZeroCount(mask);
        uint max = mask >> shift;
        uint v = (p & mask) >> shift;
        return max == 255 ? (byte)v : (byte)((v * 255 + max / 2) / max);
    }

    private static void ConvertIndexed(ReadOnlySpan<byte> src, Span<byte> dst, int width, int bpp, byte[] pal)
    {
        int perByte = 8 / bpp, mask = (1 << bpp) - 1;
        for (int x = 0; x < width; x++)
        {
            int shift = 8 - bpp * (x % perByte + 1);
            int idx = (src[x / perByte] >> shift) & mask;
            dst[3 * x] = pal[3 * idx]; dst[3 * x + 1] = pal[3 * idx + 1]; dst[3 * x + 2] = pal[3 * idx + 2];
        }
    }
}
