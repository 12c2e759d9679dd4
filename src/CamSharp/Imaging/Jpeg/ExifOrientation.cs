using System.Buffers.Binary;

namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// Reads the EXIF Orientation tag (0x0112) from an APP1 payload and applies it the way
/// OpenCV's imread does (flips and a transpose; orientations 1–8).
/// </summary>
internal static class ExifOrientation
{
    /// <summary>The orientation (1–8) in an APP1 "Exif" payload, or 1 when absent or unreadable.</summary>
    public static int Read(ReadOnlySpan<byte> app1)
    {
        if (app1.Length < 14 || !app1.StartsWith("Exif\0\0"u8)) return 1;
        var tiff = app1[6..];
        bool little;
        if (tiff[0] == 'I' && tiff[1] == 'I') little = true;
        else if (tiff[0] == 'M' && tiff[1] == 'M') little = false;
        else return 1;
        if (U16(tiff, 2, little) != 42) return 1;
        uint ifd = U32(tiff, 4, little);
        if (ifd > tiff.Length - 2) return 1;
        int entries = (int)U16(tiff, (int)ifd, little);
        for (int i = 0; i < entries; i++)
        {
            long at = ifd + 2 + 12L * i;
            if (at + 12 > tiff.Length) return 1;
            if (U16(tiff, (int)at, little) != 0x0112) continue;
            uint type = U16(tiff, (int)at + 2, little);
            uint value = type == 3 ? U16(tiff, (int)at + 8, little) : type == 4 ? U32(tiff, (int)at + 8, little) : 1;
            return value is >= 1 and <= 8 ? (int)value : 1;
        }
        return 1;
    }

    private static uint U16(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt16BigEndian(s[at..]);

    private static uint U32(ReadOnlySpan<byte> s, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(s[at..]) : BinaryPrimitives.ReadUInt32BigEndian(s[at..]);

    /// <summary>The image as it should be displayed for <paramref name="orientation"/>.</summary>
    public static RgbImage Apply(RgbImage img, int orientation) => orientation switch
    {
        2 => Transform(img, flipX: true, flipY: false, transpose: false),
        3 => Transform(img, flipX: true, flipY: true, transpose: false),
        4 => Transform(img, flipX: false, flipY: true, transpose: false),
        5 => Transform(img, flipX: false, flipY: false, transpose: true),
        6 => Transform(img, flipX: true, flipY: false, transpose: true),
        7 => Transform(img, flipX: true, flipY: true, transpose: true),
        8 => Transform(img, flipX: false, flipY: true, transpose: true),
        _ => img,
    };

    /// <summary>Optional transpose, then the flips (OpenCV: transpose then flip).</summary>
    private static RgbImage Transform(RgbImage src, bool flipX, bool flipY, bool transpose)
    {
        int w = transpose ? src.Height : src.Width, h = transpose ? src.Width : src.Height;
        var dst = new RgbImage(w, h);
        var s = src.Pixels;
        var d = dst.Pixels;
        for (int y = 0; y < h; y++)
        {
            int ty = flipY ? h - 1 - y : y; // coordinates in the transposed (not yet flipped) image
            for (int x = 0; x < w; x++)
            {
                int tx = flipX ? w - 1 - x : x;
                int si = transpose ? (tx * src.Width + ty) * 3 : (ty * src.Width + tx) * 3;
                int di = (y * w + x) * 3;
                d[di] = s[si]; d[di + 1] = s[si + 1]; d[di + 2] = s[si + 2];
            }
        }
        return dst;
    }
}
