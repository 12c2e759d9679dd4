using CamSharp.Imaging.Bmp;
using CamSharp.Imaging.Jpeg;
using CamSharp.Imaging.Png;
using CamSharp.Imaging.Pnm;

namespace CamSharp.Imaging;

/// <summary>
/// Reads PNG, JPEG, BMP and binary PGM/PPM into RGB, the way OpenCV's <c>imread(IMREAD_COLOR)</c>
/// does (converted to RGB order): the format is found from the content, not the extension;
/// alpha is dropped without compositing; gray becomes three equal channels; JPEG EXIF
/// orientation is applied. Every failure is an <see cref="ImageFormatException"/>.
/// Decoder hot loops are compiled fully optimised at their first call without an attribute
/// (loops skip tier 0: TieredCompilationQuickJitForLoops is off), and the ReadyToRun tool ships
/// them precompiled; AggressiveOptimization would exclude them from ReadyToRun.
/// </summary>
public static class ImageDecoder
{
    /// <summary>The default pixel cap (<see cref="ResourceLimits.DefaultMaxPixels"/>).</summary>
    public const long DefaultMaxPixels = ResourceLimits.DefaultMaxPixels;

    /// <summary>
    /// Memory per pixel of the original image that explaining and drawing on it takes after
    /// decoding: the map carried back to it (float), the colour map, the overlay, the panel grid
    /// and the encoder (measured: a 6000×6000 PNG through cam peaks near 31 bytes per pixel with the decoder's own).
    /// </summary>
    public const int DrawingBytesPerPixel = 28;

    /// <summary>Reads and decodes a file; errors name <paramref name="path"/>.</summary>
    public static RgbImage Load(string path, long maxPixels = DefaultMaxPixels) =>
        Load(path, new ResourceLimits { MaxPixels = maxPixels });

    /// <summary>
    /// Reads and decodes a file within <paramref name="limits"/>: only a regular file is read,
    /// its size must fit the memory budget before it is read, and the decoded pixels (with the
    /// decoder's own buffers, <see cref="DecodeGuard"/>) must fit it before they are allocated, with
    /// <paramref name="laterBytesPerPixel"/> more per pixel for what the caller draws at full size.
    /// </summary>
    public static RgbImage Load(string path, ResourceLimits limits, int laterBytesPerPixel = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(limits);
        byte[] bytes = Files.RegularFile.ReadAllBytes(path, limits.MemoryBytes, "image");
        using var budget = DecodeGuard.Budget(limits.MemoryBytes - bytes.LongLength, laterBytesPerPixel);
        return Decode(bytes, path, limits.MaxPixels);
    }

    /// <summary>The format of a file from its first bytes only (a large file is not read whole).</summary>
    public static ImageFormat DetectFormat(string path) => DetectFormat(Files.RegularFile.ReadHeader(path, 16, "image"));

    /// <summary>
    /// Decodes an image held in memory. <paramref name="nameForErrors"/> is put in error
    /// messages; <paramref name="maxPixels"/> is checked against the header before any pixel
    /// memory is allocated.
    /// </summary>
    public static RgbImage Decode(ReadOnlySpan<byte> data, string? nameForErrors = null, long maxPixels = DefaultMaxPixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPixels);
        return DetectFormat(data) switch
        {
            ImageFormat.Png => PngDecoder.Decode(data, nameForErrors, maxPixels),
            ImageFormat.Jpeg => JpegDecoder.Decode(data, nameForErrors, maxPixels),
            ImageFormat.Bmp => BmpDecoder.Decode(data, nameForErrors, maxPixels),
            ImageFormat.Pnm => PnmDecoder.Decode(data, nameForErrors, maxPixels),
            _ => ImageFormatException.Throw<RgbImage>(nameForErrors, DescribeUnknown(data)),
        };
    }

    /// <inheritdoc cref="Decode(ReadOnlySpan{byte}, string?, long)"/>
    public static RgbImage Decode(byte[] data, string? nameForErrors = null, long maxPixels = DefaultMaxPixels)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Decode(data.AsSpan(), nameForErrors, maxPixels);
    }

    /// <summary>The format the first bytes announce, or <see cref="ImageFormat.Unknown"/>.</summary>
    public static ImageFormat DetectFormat(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(PngDecoder.Signature)) return ImageFormat.Png;
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return ImageFormat.Jpeg;
        if (data.Length >= 2 && data[0] == 'B' && data[1] == 'M') return ImageFormat.Bmp;
        if (data.Length >= 2 && data[0] == 'P' && (data[1] == '5' || data[1] == '6')) return ImageFormat.Pnm;
        return ImageFormat.Unknown;
    }

    private static string DescribeUnknown(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return "file is empty";
        if (data.StartsWith("GIF8"u8)) return "GIF images are not supported";
        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8)) return "WebP images are not supported";
        if (data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8)) return "TIFF images are not supported";
        if (data.Length >= 12 && data[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = data[8..12];
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8)) return "AVIF images are not supported";
            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8) || brand.SequenceEqual("hevc"u8))
                return "HEIC/HEIF images are not supported";
        }
        if (data.StartsWith((byte[])[0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || data.StartsWith((byte[])[0xFF, 0x4F, 0xFF, 0x51]))
            return "JPEG 2000 images are not supported";
        if (data.StartsWith((byte[])[0x00, 0x00, 0x01, 0x00]) || data.StartsWith((byte[])[0x00, 0x00, 0x02, 0x00])) return "ICO/CUR icons are not supported";
        if (data.StartsWith("8BPS"u8)) return "Photoshop (PSD) images are not supported";
        if (data.StartsWith("qoif"u8)) return "QOI images are not supported";
        if (LooksLikeSvg(data)) return "SVG (vector) images are not supported; render it to PNG first";
        if (data.Length >= 2 && data[0] == 'P' && data[1] is (byte)'1' or (byte)'2' or (byte)'3' or (byte)'4')
            return $"PNM variant P{(char)data[1]} is not supported (only binary P5/P6)";
        return $"unknown image format (not PNG, JPEG, BMP or PGM/PPM; the file starts with {Convert.ToHexString(data[..System.Math.Min(8, data.Length)])})";
    }

    private static bool LooksLikeSvg(ReadOnlySpan<byte> data)
    {
        var head = System.Text.Encoding.UTF8.GetString(data[..System.Math.Min(data.Length, 512)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith("<svg", StringComparison.OrdinalIgnoreCase)
            || head.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && head.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }
}
