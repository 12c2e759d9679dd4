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
    /// <param name="alone">
    /// With several workers, each runs under its share of the memory budget
    /// (<see cref="WorkerShare"/>); an input refused for memory under its share is run again
    /// by this, alone and under the whole budget, after the others.
    /// </param>
    public static int Run(IReadOnlyList<InputSource> sources, int workers, bool verbose, Action<InputSource> process,
        string? outputFolder = null, Action<InputSource>? alone = null)
    {
        if (sources.Count == 1)
        {
            try
            {
                process(sources[0]);
            }
            catch (Exception e) when (e is CamSharpException { Parameter: null } or InvalidDataException
                && !e.Message.Contains(sources[0].Path, StringComparison.Ordinal) && !e.Message.Contains(Path.GetFileName(sources[0].Path), StringComparison.Ordinal))
            {
                // A failure while running one input names that input (a plan too large for this image, a run-time refusal).
                throw new CliException($"{sources[0].Path}: {CliErrors.Describe(e)}", e);
            }
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
                // An input's pictures are large-object garbage the GC would collect only later, while
                // the next input already allocates its own: free them now to stay within --max-memory.
                GC.Collect();
                progress.Report(Interlocked.Increment(ref done), sources[i].Path);
            });
        }
        var failed = failures.OrderBy(f => f.Index).ToList();
        if (alone is not null)
            for (int k = 0; k < failed.Count; k++)
            {
                if (failed[k].Error is not ResourceLimitException { Limit: nameof(ResourceLimits.MemoryBytes) }) continue;
                try
                {
                    alone(sources[failed[k].Index]);
                    failed.RemoveAt(k--);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failed[k] = (failed[k].Index, e);
                }
                GC.Collect();
            }

        int ok = sources.Count - failed.Count;
        Console.Error.WriteLine($"done: {ok} of {sources.Count} inputs{(outputFolder is null ? "" : $", written to {outputFolder}")}{(failed.Count == 0 ? "" : $"; {failed.Count} failed")}.");
        if (failed.Count == 0) return ExitCodes.Ok;

        Console.Error.WriteLine($"error: {failed.Count} of {sources.Count} inputs failed:");
        foreach (var (index, error) in failed)
        {
            // Most messages already start with the file they are about.
            string message = CliErrors.Describe(error);
            Console.Error.WriteLine(CliErrors.Compact(message.Contains(sources[index].Path, StringComparison.Ordinal) ? $"  {message}" : $"  {sources[index].Path}: {message}"));
            if (verbose) Console.Error.WriteLine(error);
        }
        return failed.Count == sources.Count ? ExitCodes.Error : ExitCodes.SomeFailed;
    }
}
