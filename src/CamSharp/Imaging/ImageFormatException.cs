using System.Diagnostics.CodeAnalysis;

namespace CamSharp.Imaging;

/// <summary>
/// An image file is malformed, truncated, too large for the configured pixel cap, or uses a
/// feature this library does not decode. The message names the file (when decoding from a
/// path, or when the caller gave a name) and the problem, e.g.
/// <c>bus.jpg: JPEG marker 0xC3 (lossless) is not supported</c>.
/// Like every CamSharp failure it derives from <see cref="CamSharpException"/>.
/// </summary>
public sealed class ImageFormatException : CamSharpException
{
    /// <summary>The file name given for messages, or null.</summary>
    public string? FileName { get; }

    /// <summary>The problem alone, without the file name.</summary>
    public string Problem { get; }

    public ImageFormatException(string? fileName, string problem)
        : base(fileName is null ? problem : $"{fileName}: {problem}")
    {
        FileName = fileName;
        Problem = problem;
    }

    public ImageFormatException(string? fileName, string problem, Exception inner)
        : base(fileName is null ? problem : $"{fileName}: {problem}", inner)
    {
        FileName = fileName;
        Problem = problem;
    }

    /// <summary>Throws an <see cref="ImageFormatException"/>; kept out of line so hot loops stay small.</summary>
    [DoesNotReturn]
    internal static void Throw(string? fileName, string problem) => throw new ImageFormatException(fileName, problem);

    /// <summary>Same as <see cref="Throw"/> but usable as an expression of any type.</summary>
    [DoesNotReturn]
    internal static T Throw<T>(string? fileName, string problem) => throw new ImageFormatException(fileName, problem);
}
