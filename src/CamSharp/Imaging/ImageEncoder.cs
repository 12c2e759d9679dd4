using System.IO.Compression;
using CamSharp.Imaging.Bmp;
using CamSharp.Imaging.Jpeg;
using CamSharp.Imaging.Png;

namespace CamSharp.Imaging;

/// <summary>Writes PNG, baseline JPEG and BMP files.</summary>
public static class ImageEncoder
{
    /// <summary>The JPEG quality used when none is given (IJG scale 1–100).</summary>
    public const int DefaultJpegQuality = 95;

    /// <summary>
    /// zlib's level for PNG files: on a photograph's overlay (1546×1213) level 2 deflates in half the time of
    /// level 6 (the Optimal level) for a file about 4% larger (OpenCV writes at its fastest level, 1, by default;
    /// zlib-ng's level 1 makes files half as large again).
    /// </summary>
    private static ZLibCompressionOptions PngFileLevel => new() { CompressionLevel = 2 };

    public static byte[] EncodePng(RgbImage image, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PngEncoder.Encode(image, PngEncoder.Options(level));
    }

    /// <param name="image">The image.</param>
    /// <param name="quality">IJG quality 1–100 scaling the standard quantization tables.</param>
    /// <param name="subsampling">Chroma subsampling.</param>
    public static byte[] EncodeJpeg(RgbImage image, int quality = DefaultJpegQuality, JpegSubsampling subsampling = JpegSubsampling.Yuv420)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        using var ms = new MemoryStream();
        JpegEncoder.Encode(image, ms, quality, subsampling);
        return ms.ToArray();
    }

    public static byte[] EncodeBmp(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var ms = new MemoryStream();
        BmpEncoder.Encode(image, ms);
        return ms.ToArray();
    }

    /// <summary>The format an output path asks for by its extension (.png, .jpg, .jpeg, .bmp), or <see cref="ImageFormat.Unknown"/>.</summary>
    public static ImageFormat FormatForPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => ImageFormat.Png,
        ".jpg" or ".jpeg" => ImageFormat.Jpeg,
        ".bmp" => ImageFormat.Bmp,
        _ => ImageFormat.Unknown,
    };

    /// <summary>
    /// Encodes by the extension of <paramref name="path"/> and writes atomically
    /// (<see cref="AtomicFile"/>), so a failure never leaves a partial image behind. The encoder
    /// writes straight into the temporary file: encoding to an array first held the file two or
    /// three times over (a 3244×4540 featmap picture: ~100 MB more than the picture).
    /// </summary>
    public static void Save(RgbImage image, string path, int jpegQuality = DefaultJpegQuality, JpegSubsampling subsampling = JpegSubsampling.Yuv420)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(path);
        var format = FormatForPath(path);
        if (format == ImageFormat.Jpeg) CheckQuality(jpegQuality);
        Action<Stream> encode = format switch
        {
            ImageFormat.Png => s => PngEncoder.Encode(image, s, PngFileLevel),
            ImageFormat.Jpeg => s => JpegEncoder.Encode(image, s, jpegQuality, subsampling),
            ImageFormat.Bmp => s => BmpEncoder.Encode(image, s),
            _ => throw new ArgumentException($"Cannot tell the image format of '{path}': use .png, .jpg, .jpeg or .bmp.", nameof(path)),
        };
        AtomicFile.Write(path, s =>
        {
            using var buffered = new BufferedStream(s, 1 << 16);
            encode(buffered);
        });
    }

    private static void CheckQuality(int quality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
    }
}
