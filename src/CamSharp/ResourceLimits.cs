using System.Globalization;

namespace CamSharp;

/// <summary>
/// Every cap CamSharp puts on sizes that come from untrusted files or arguments, with its
/// default, in one place. A size over a cap is refused with a <see cref="ResourceLimitException"/>
/// (images: an <see cref="Imaging.ImageFormatException"/>; .npy files: an
/// <see cref="InvalidDataException"/>) before the memory is allocated.
/// Values are validated when set, so a limits object is always usable.
/// </summary>
public sealed record ResourceLimits
{
    /// <summary>4 GiB: the peak a forward pass may hold.</summary>
    public const long DefaultMemoryBytes = 4L << 30;

    /// <summary>256 megapixels: larger than any camera, small enough to decode.</summary>
    public const long DefaultMaxPixels = 256_000_000;

    /// <summary>Rank 8: vision models use 4 or 5; ONNX runtimes commonly stop at 8.</summary>
    public const int DefaultMaxRank = 8;

    /// <summary>The largest length of one axis (a tensor's length is an int).</summary>
    public const long DefaultMaxDimension = int.MaxValue;

    /// <summary>The most elements one tensor may hold (a tensor's length is an int).</summary>
    public const long DefaultMaxElements = int.MaxValue;

    /// <summary>4 GiB of constant tensors (weights) after widening to the engine's types.</summary>
    public const long DefaultMaxInitializerBytes = 4L << 30;

    /// <summary>64 KiB of .npy header; NumPy itself writes a few hundred bytes.</summary>
    public const int DefaultMaxNpyHeaderBytes = 1 << 16;

    private readonly long _memoryBytes = DefaultMemoryBytes;
    private readonly long _maxPixels = DefaultMaxPixels;
    private readonly int _maxRank = DefaultMaxRank;
    private readonly long _maxDimension = DefaultMaxDimension;
    private readonly long _maxElements = DefaultMaxElements;
    private readonly long _maxInitializerBytes = DefaultMaxInitializerBytes;

    public static ResourceLimits Default { get; } = new();

    /// <summary>
    /// The memory budget of one forward pass: a plan whose live tensors would take more at
    /// their peak, or whose largest tensor alone would, is refused when it is made. Code that
    /// batches work (ScoreCAM, AblationCAM) sizes its batches to stay within it.
    /// </summary>
    public long MemoryBytes
    {
        get => _memoryBytes;
        init => _memoryBytes = Positive(value, nameof(MemoryBytes));
    }

    /// <summary>The most pixels (width × height) a decoded image may have.</summary>
    public long MaxPixels
    {
        get => _maxPixels;
        init => _maxPixels = Positive(value, nameof(MaxPixels));
    }

    /// <summary>The largest rank a tensor or value in a model may declare.</summary>
    public int MaxRank
    {
        get => _maxRank;
        init => _maxRank = value is >= 0 and <= 64 ? value : throw new ArgumentOutOfRangeException(nameof(MaxRank), value, "must be in 0..64");
    }

    /// <summary>The largest single dimension a tensor or value in a model may declare.</summary>
    public long MaxDimension
    {
        get => _maxDimension;
        init => _maxDimension = value is > 0 and <= int.MaxValue ? value : throw new ArgumentOutOfRangeException(nameof(MaxDimension), value, $"must be in 1..{int.MaxValue}");
    }

    /// <summary>The most elements one tensor may hold.</summary>
    public long MaxElements
    {
        get => _maxElements;
        init => _maxElements = value is > 0 and <= int.MaxValue ? value : throw new ArgumentOutOfRangeException(nameof(MaxElements), value, $"must be in 1..{int.MaxValue}");
    }

    /// <summary>The memory all constant tensors of a model may take once loaded.</summary>
    public long MaxInitializerBytes
    {
        get => _maxInitializerBytes;
        init => _maxInitializerBytes = Positive(value, nameof(MaxInitializerBytes));
    }

    /// <summary>Bytes a tensor of this type and shape takes; saturates instead of overflowing.</summary>
    public static long BytesOf(Tensors.DataType type, ReadOnlySpan<int> shape) =>
        SaturatingMultiply(ElementCount(shape), ElementSize(type));

    /// <summary>Element count of a shape as a long; saturates instead of overflowing.</summary>
    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n = SaturatingMultiply(n, Math.Max(d, 0));
        return n;
    }

    /// <summary>Bytes per element of an engine type.</summary>
    public static int ElementSize(Tensors.DataType type) => type switch
    {
        Tensors.DataType.Float32 => 4,
        Tensors.DataType.Int64 => 8,
        _ => 1,
    };

    /// <summary>
    /// Parses a size such as <c>512M</c>, <c>4G</c>, <c>1.5GiB</c>, <c>64k</c> or <c>1000000</c>
    /// (bytes). K, M, G and T are powers of 1024.
    /// </summary>
    public static bool TryParseBytes(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        string s = text.Trim().ToUpperInvariant();
        if (s.EndsWith("IB", StringComparison.Ordinal)) s = s[..^2];
        else if (s.EndsWith('B')) s = s[..^1];
        int shift = s.Length == 0 ? 0 : s[^1] switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        if (shift > 0) s = s[..^1];
        if (!double.TryParse(s.TrimEnd(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)) return false;
        double result = value * Math.Pow(2, shift);
        if (!(result >= 1 && result < long.MaxValue)) return false; // "NaN" parses, and fails every comparison
        bytes = (long)result;
        return true;
    }

    /// <summary>"4 GiB", "512 MiB", "1000 bytes": a size for messages.</summary>
    public static string FormatBytes(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }
        return u == 0 ? $"{bytes} bytes" : $"{v.ToString(v < 10 ? "0.#" : "0", CultureInfo.InvariantCulture)} {units[u]}";
    }

    internal static long SaturatingMultiply(long a, long b)
    {
        if (a == 0 || b == 0) return 0;
        return a > long.MaxValue / b ? long.MaxValue : a * b;
    }

    private static long Positive(long value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be positive");
}
