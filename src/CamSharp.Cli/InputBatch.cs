using System.Collections.Concurrent;

namespace CamSharp.Cli;

/// <summary>
/// Processes the inputs of one command with a bounded number of workers. One input runs on
/// its own and a failure is the command's failure (exit 2). With several, a failing input
/// does not stop the others: every failure is listed at the end with its reason, and the
/// exit code is <see cref="ExitCodes.SomeFailed"/> (1) when some failed, or
/// <see cref="ExitCodes.Error"/> (2) when all did.
/// </summary>
internal static class InputBatch
{
    public static int Run(IReadOnlyList<InputSource> sources, int workers, bool verbose, Action<InputSource> process)
    {
        if (sources.Count == 1)
        {
            process(sources[0]);
            return ExitCodes.Ok;
        }
        var failures = new ConcurrentBag<(int Index, Exception Error)>();
        int done = 0;
        using var progress = new ProgressLine(sources.Count);
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
            // An input's pictures are large-object garbage the GC would collect only later, while
            // the next input already allocates its own: free them now to stay within --max-memory.
            GC.Collect();
            progress.Report(Interlocked.Increment(ref done), sources[i].Path);
        });
        progress.Dispose();
        if (failures.IsEmpty) return ExitCodes.Ok;

        Console.Error.WriteLine($"error: {failures.Count} of {sources.Count} inputs failed:");
        foreach (var (index, error) in failures.OrderBy(f => f.Index))
        {
            // Most messages already start with the file they are about.
            string message = CliErrors.Describe(error);
            if (workers > 1 && error is ResourceLimitException { Limit: nameof(ResourceLimits.MemoryBytes) })
                message += $" Each of the {workers} workers has 1/{workers} of --max-memory; --workers 1 gives one input all of it.";
            Console.Error.WriteLine(message.Contains(sources[index].Path, StringComparison.Ordinal) ? $"  {message}" : $"  {sources[index].Path}: {message}");
            if (verbose) Console.Error.WriteLine(error);
        }
        return failures.Count == sources.Count ? ExitCodes.Error : ExitCodes.SomeFailed;
    }
}
