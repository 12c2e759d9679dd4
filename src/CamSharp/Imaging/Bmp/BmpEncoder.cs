using System.Buffers.Binary;

namespace CamSharp.Imaging.Bmp;

/// <summary>Writes 24-bit bottom-up BMP (BITMAPINFOHEADER, BI_RGB), rows padded to 4 bytes.</summary>
internal static class BmpEncoder
{
    public static void Encode(RgbImage img, Stream output)
    {
        int stride = (img.Width * 3 + 3) & ~3;
        long imageSize = (long)stride * img.Height;
        if (54 + imageSize > uint.MaxValue) throw new ArgumentException($"{img.Width}x{img.Height} is too large for BMP.");
        var header = new byte[54];
        header[0] = (byte)'B'; header[1] = (byte)'M';
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(2), (uint)(54 + imageSize));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(18), img.Width);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(22), img.Height);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), 1);  // planes
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), 24); // bits per pixel
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(34), (uint)imageSize);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(38), 2835); // 72 dpi
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(42), 2835);
        output.Write(header);
        var row = new byte[stride];
        for (int y = img.Height - 1; y >= 0; y--)
        {
            var src = img.Row(y);
            for (int x = 0; x < img.Width; x++)
            {
                row[3 * x] = src[3 * x + 2]; row[3 * x + 1] = src[3 * x + 1]; row[3 * x + 2] = src[3 * x];
            }
            output.Write(row);
        }
    }
}
