using CamSharp.Engine;
using CamSharp.Imaging;

namespace CamSharp.MutationRun;

/// <summary>
/// The exception types CamSharp documents for bad input (docs/errors.md). A mutated file
/// must load and run, or fail with one of these; anything else counts as a crash.
/// </summary>
public static class ExpectedErrors
{
    /// <summary>
    /// <see cref="ModelException"/> (and its <see cref="Onnx.UnsupportedOperatorException"/> and
    /// <see cref="ModelValidationException"/>), <see cref="InputException"/> (and HeadLayoutException),
    /// <see cref="ResourceLimitException"/>, <see cref="ImageFormatException"/> for images and
    /// <see cref="InvalidDataException"/> for .npy files, <see cref="Files.UnsafePathException"/> for
    /// paths that are not regular files, loop, escape or collide.
    /// </summary>
    public static readonly IReadOnlyList<Type> Types =
    [
        typeof(ModelException), typeof(InputException), typeof(ResourceLimitException),
        typeof(ImageFormatException), typeof(InvalidDataException), typeof(Files.UnsafePathException),
    ];

    public static bool IsExpected(Exception e) => Types.Any(t => t.IsInstanceOfType(e));
}
