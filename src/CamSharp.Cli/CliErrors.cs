using CamSharp.Engine;

namespace CamSharp.Cli;

/// <summary>Turns any failure into one line on stderr and exit code 2; the stack trace only with --verbose.</summary>
internal static class CliErrors
{
    public static int Report(Exception e, bool verbose)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } agg) e = agg.InnerExceptions[0];
        Console.Error.WriteLine($"error: {Compact(Describe(e))}");
        if (verbose) Console.Error.WriteLine(e);
        return ExitCodes.Error;
    }

    /// <summary>Words longer than this (a 4,000-byte path, a 10,000-character layer name) are shown by their ends.</summary>
    public const int MaxWordChars = 120;

    /// <summary>
    /// A message as one readable line: every word over <see cref="MaxWordChars"/> keeps its start
    /// and its end (where a path has its file name) around an ellipsis.
    /// </summary>
    public static string Compact(string message) =>
        string.Join(' ', message.Split(' ').Select(w => w.Length <= MaxWordChars ? w : $"{w[..40]}…{w[^70..]}"));

    /// <summary>The command-line flag for each library parameter a message may be about.</summary>
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["InputSize"] = "--input-size",
        ["Layers"] = "--target-layers",
        ["TokenGrid"] = "--token-grid",
        ["ExtraTokens"] = "--num-extra-tokens",
        ["Method"] = "--method",
        ["Targets"] = "--target-category",
        ["input"] = "--input-tensor",
        ["Arrangement"] = "--arrangement",
        ["TopK"] = "--topk",
        ["Alpha"] = "--alpha",
        ["ChannelReduction"] = "--channel-reduction",
        ["scoreThreshold"] = "--score-thr",
        ["iouThreshold"] = "--iou-thr",
        ["topK"] = "--topk",
        ["Concepts"] = "--concepts",
        ["ImageWeight"] = "--image-weight",
        ["MaxImageSide"] = "--max-side",
        ["Classes"] = "--target-category",
        ["Frames"] = "--frames",
    };

    /// <summary>An argument error's own sentence, without .NET's "(Parameter 'x')" tail, with the value given.</summary>
    private static string Plain(ArgumentException e)
    {
        int tail = e.Message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        string text = tail >= 0 ? e.Message[..tail] : e.Message;
        return e is ArgumentOutOfRangeException { ActualValue: { } v } ? $"{text} Got {Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)}." : text;
    }

    /// <summary>"--arrangement, --topk" for a parameter list "Arrangement,TopK"; null when one is unknown.</summary>
    private static string? FlagsFor(string parameters)
    {
        var names = parameters.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return names.Length > 0 && names.All(Flags.ContainsKey) ? string.Join(", ", names.Select(n => Flags[n])) : null;
    }

    /// <summary>The one-line message for a failure (also used for the per-image failures of a folder run).</summary>
    public static string Describe(Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } agg) e = agg.InnerExceptions[0];
        return e switch
        {
            CamSharpException { Parameter: { } p } when FlagsFor(p) is { } flags => $"{flags}: {e.Message}",
            ArgumentException { ParamName: { } p } a when FlagsFor(p) is { } flags => $"{flags}: {Plain(a)}",
            ResourceLimitException { Limit: nameof(ResourceLimits.MemoryBytes) } => $"{e.Message} Raise it with --max-memory.",
            ResourceLimitException { Limit: nameof(ResourceLimits.MaxElements) or nameof(ResourceLimits.MaxDimension) } => $"{e.Message} Where the size comes from the network input, a smaller --input-size makes smaller values.",
            CamSharpException or InvalidDataException or CliException => e.Message,
            Files.UnsafePathException => e.Message,
            FileNotFoundException f when f.FileName is { } name && f.Message.StartsWith(name, StringComparison.Ordinal) => f.Message,
            FileNotFoundException f => $"file not found: {f.FileName ?? f.Message}",
            DirectoryNotFoundException => e.Message,
            UnauthorizedAccessException when e.Message.Contains("permission denied", StringComparison.Ordinal) => e.Message,
            UnauthorizedAccessException => $"permission denied: {e.Message}",
            IOException => e.Message,
            OutOfMemoryException => "out of memory: the model or image is too large for this machine (try a smaller --input-size or --max-memory).",
            _ => $"internal error ({e.GetType().Name}): {e.Message}",
        };
    }
}

/// <summary>A problem with the command line's arguments that parsing alone cannot see.</summary>
internal sealed class CliException(string message, Exception? inner = null) : Exception(message, inner);
