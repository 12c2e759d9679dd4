using System.Collections.Concurrent;

namespace CamSharp.Cli;

/// <summary>
/// Processes the inputs of one command with a bounded number of workers. One input runs on
/// its own and a failure is the command's failure (exit 2). With several, a failing input
/// does not stop the others; progress stays on one line (<see cref="ProgressLine"/>), and the
/// run ends with one summary: how many inputs were done and where, then every failure with its
/// reason; the exit code is <see cref="ExitCodes.SomeFailed"/> (1) when some failed, or
/// <see cref="ExitCodes.Error"/> (2) when all did.
/// </summary>
internal static class InputBatch
{
    public static int Run(IReadOnlyList<InputSource> sources, int workers, bool verbose, Action<InputSource> process, string? outputFolder = null)
    {
        if (sources.Count == 1)
        {
            process(sources[0]);
            return ExitCodes.Ok;
        }
        var failures = new ConcurrentBag<(int Index, Exception Error)>();
        int done = 0;
        using (var progress = new ProgressLine(sources.Count, plainLines: false))
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) };
            Parallel.For(0, sources.Count, options, i =>
            {
                try
                {
                    process(sources[i]);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failures.Add((i, e));
                }
                progress.Report(Interlocked.Increment(ref done), sources[i].Path);
            });
        }

        int ok = sources.Count - failures.Count;
        Console.Error.WriteLine($"done: {ok} of {sources.Count} inputs{(outputFolder is null ? "" : $", written to {outputFolder}")}{(failures.IsEmpty ? "" : $"; {failures.Count} failed")}.");
        if (failures.IsEmpty) return ExitCodes.Ok;

        Console.Error.WriteLine($"error: {failures.Count} of {sources.Count} inputs failed:");
        foreach (var (index, error) in failures.OrderBy(f => f.Index))
        {
            // Most messages already start with the file they are about.
            string message = CliErrors.Describe(error);
            Console.Error.WriteLine(message.Contains(sources[index].Path, StringComparison.Ordinal) ? $"  {message}" : $"  {sources[index].Path}: {message}");
            if (verbose) Console.Error.WriteLine(error);
        }
        return failures.Count == sources.Count ? ExitCodes.Error : ExitCodes.SomeFailed;
    }
}
