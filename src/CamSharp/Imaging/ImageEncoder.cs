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

    public static byte[] EncodePng(RgbImage image, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        return PngEncoder.Encode(image, level);
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
    /// (<see cref="AtomicFile"/>), so a failure never leaves a partial image behind.
    /// </summary>
    public static void Save(RgbImage image, string path, int jpegQuality = DefaultJpegQuality, JpegSubsampling subsampling = JpegSubsampling.Yuv420)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = FormatForPath(path) switch
        {
            ImageFormat.Png => EncodePng(image),
            ImageFormat.Jpeg => EncodeJpeg(image, jpegQuality, subsampling),
            ImageFormat.Bmp => EncodeBmp(image),
            _ => throw new ArgumentException($"Cannot tell the image format of '{path}': use .png, .jpg, .jpeg or .bmp.", nameof(path)),
        };
        AtomicFile.Write(path, bytes);
    }
}
