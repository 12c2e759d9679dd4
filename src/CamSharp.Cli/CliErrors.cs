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

    /// <summary>The one-line message for a failure (also used for the per-image failures of a folder run).</summary>
    public static string Describe(Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } agg) e = agg.InnerExceptions[0];
        return e switch
        {
            ModelException or InputException or InvalidDataException or CliException or ResourceLimitException => e.Message,
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
internal sealed class CliException(string message) : Exception(message);
