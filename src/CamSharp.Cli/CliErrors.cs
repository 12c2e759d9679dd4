using CamSharp.Engine;

namespace CamSharp.Cli;

/// <summary>Turns any failure into one line on stderr and exit code 2; the stack trace only with --verbose.</summary>
internal static class CliErrors
{
    public static int Report(Exception e, bool verbose)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } agg) e = agg.InnerExceptions[0];
        Console.Error.WriteLine($"error: {Describe(e)}");
        if (verbose) Console.Error.WriteLine(e);
        return ExitCodes.Error;
    }

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
    };

    /// <summary>The one-line message for a failure (also used for the per-image failures of a folder run).</summary>
    public static string Describe(Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } agg) e = agg.InnerExceptions[0];
        return e switch
        {
            CamSharpException { Parameter: { } p } when Flags.TryGetValue(p, out var flag) => $"{flag}: {e.Message}",
            ResourceLimitException { Limit: nameof(ResourceLimits.MemoryBytes) } => $"{e.Message} Raise it with --max-memory.",
            CamSharpException or InvalidDataException or CliException => e.Message,
            FileNotFoundException f => $"file not found: {f.FileName ?? f.Message}",
            DirectoryNotFoundException => e.Message,
            UnauthorizedAccessException => $"permission denied: {e.Message}",
            IOException => e.Message,
            OutOfMemoryException => "out of memory: the model or image is too large for this machine (try a smaller --input-size or --max-memory).",
            _ => $"internal error ({e.GetType().Name}): {e.Message}",
        };
    }
}

/// <summary>A problem with the command line's arguments that parsing alone cannot see.</summary>
internal sealed class CliException(string message) : Exception(message);
