using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

/// <summary>
/// The parent side of the long run: splits each format's cases into batches, runs each batch
/// in a child process, and watches it. A child that prints nothing for the timeout is killed
/// and its current case counted as hung; a child that dies counts its current case as
/// crashed; either way the batch goes on from the next case.
/// </summary>
internal static class LongRun
{
    private sealed class Counts
    {
        public int Tried, Ran, Crashed, Hung;
        public readonly ConcurrentDictionary<string, int> Refused = new();
        public readonly ConcurrentQueue<string> Problems = new();
    }

    public static int Run(Options o)
    {
        var counts = o.Formats.ToDictionary(f => f, _ => new Counts());
        var batches = o.Formats.SelectMany(f => Enumerable.Range(0, (o.PerFormat + o.Batch - 1) / o.Batch)
            .Select(b => (Format: f, Start: b * o.Batch, Count: Math.Min(o.Batch, o.PerFormat - b * o.Batch)))).ToList();
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"{batches.Count} batches, {o.PerFormat} cases per format, seed {o.Seed}, {o.Parallel} at a time, timeout {o.TimeoutSeconds} s per case");
        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = o.Parallel }, b =>
        {
            RunBatch(o, b.Format, b.Start, b.Count, counts[b.Format]);
            var c = counts[b.Format];
            Console.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {b.Format} {b.Start}..{b.Start + b.Count}: tried {c.Tried}, crashed {c.Crashed}, hung {c.Hung}");
        });
        string report = Report(o, counts, clock.Elapsed);
        Console.WriteLine(report);
        if (o.Report is { } path) File.WriteAllText(path, report);
        return counts.Values.All(c => c.Crashed == 0 && c.Hung == 0) ? 0 : 1;
    }

    private static void RunBatch(Options o, string format, int start, int count, Counts c)
    {
        int next = start, end = start + count;
        while (next < end)
        {
            var psi = Self.StartInfo("--child", format, next.ToString(), (end - next).ToString(), "--seed", o.Seed.ToString(), "--shared", o.Shared);
            using var p = Process.Start(psi)!;
            p.ErrorDataReceived += (_, _) => { };
            p.BeginErrorReadLine();
            bool done = false;
            while (true)
            {
                var line = p.StandardOutput.ReadLineAsync();
                if (!line.Wait(TimeSpan.FromSeconds(o.TimeoutSeconds)))
                {
                    p.Kill(entireProcessTree: true);
                    Interlocked.Increment(ref c.Tried);
                    Interlocked.Increment(ref c.Hung);
                    c.Problems.Enqueue($"HUNG {format} #{next} (seed {o.Seed})");
                    Console.WriteLine($"HUNG {format} #{next} (seed {o.Seed})");
                    next++;
                    break;
                }
                if (line.Result is not { } text)
                {
                    // The child died mid-case (a crash the runtime could not turn into an exception).
                    Interlocked.Increment(ref c.Tried);
                    Interlocked.Increment(ref c.Crashed);
                    c.Problems.Enqueue($"DIED {format} #{next} (seed {o.Seed}), exit code {(p.WaitForExit(5000) ? p.ExitCode : -1)}");
                    next++;
                    break;
                }
                if (text == "DONE")
                {
                    done = true;
                    break;
                }
                Interlocked.Increment(ref c.Tried);
                if (text == "R") Interlocked.Increment(ref c.Ran);
                else if (text.StartsWith("F ", StringComparison.Ordinal)) c.Refused.AddOrUpdate(text[2..], 1, (_, n) => n + 1);
                else
                {
                    Interlocked.Increment(ref c.Crashed);
                    c.Problems.Enqueue(text);
                    Console.WriteLine(text);
                }
                next++;
            }
            p.WaitForExit();
            if (done) break;
        }
    }

    private static string Report(Options o, Dictionary<string, Counts> counts, TimeSpan elapsed)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Mutation long run: seed {o.Seed}, {o.PerFormat} cases per format, {elapsed:hh\\:mm\\:ss} wall time, {o.Parallel} child process(es) at a time.");
        sb.AppendLine();
        sb.AppendLine("| format | tried | loaded and ran | refused (by type) | crashed | hung |");
        sb.AppendLine("| --- | ---: | ---: | --- | ---: | ---: |");
        foreach (var (format, c) in counts)
        {
            string refused = string.Join(", ", c.Refused.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}"));
            sb.AppendLine($"| {format} | {c.Tried} | {c.Ran} | {c.Refused.Values.Sum()}: {refused} | {c.Crashed} | {c.Hung} |");
        }
        var problems = counts.Values.SelectMany(c => c.Problems).ToList();
        if (problems.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine($"Crashes and hangs ({problems.Count}, first 30):");
            foreach (var p in problems.Take(30)) sb.AppendLine("  " + p);
        }
        return sb.ToString();
    }
}
