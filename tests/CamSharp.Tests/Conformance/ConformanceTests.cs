using Xunit;
using Xunit.Abstractions;

namespace CamSharp.Tests.Conformance;

/// <summary>
/// Runs all of ONNX's backend test data (<c>../shared/conformance</c>) and holds the results to
/// the committed status file: a test that gets worse, an answer that is wrong, or a test the
/// file does not know fails the build; a test that improves is reported so the file gets
/// updated. <c>CAMSHARP_CONFORMANCE_UPDATE=1</c> rewrites the file from this run (a wrong
/// answer still fails).
/// </summary>
public class ConformanceTests(ITestOutputHelper output)
{
    private const string UpdateVariable = "CAMSHARP_CONFORMANCE_UPDATE";

    [Fact]
    public void EveryTest_MatchesTheStatusFile()
    {
        string root = Path.Combine(Fixtures.Shared, "conformance");
        Assert.True(Directory.Exists(root), $"Fixture missing: {root}");
        var cases = ConformanceCase.Discover(root);
        Assert.True(cases.Count > 1000, $"only {cases.Count} conformance tests found under {root}");

        var outcomes = new ConformanceOutcome[cases.Count];
        var seconds = new double[cases.Count];
        var total = System.Diagnostics.Stopwatch.StartNew();
        // The real architectures take most of the time: start them first and hand out the rest one at a time.
        var order = Enumerable.Range(0, cases.Count).OrderBy(i => cases[i].GeneratesInputs ? 0 : 1).ToList();
        var work = System.Collections.Concurrent.Partitioner.Create(order, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            outcomes[i] = ConformanceRunner.Run(cases[i], root);
            seconds[i] = watch.Elapsed.TotalSeconds;
        });
        var results = cases.Zip(outcomes).ToList();
        foreach (var line in StatusFile.Summary(results)) output.WriteLine(line);
        output.WriteLine($"{cases.Count} tests in {total.Elapsed.TotalSeconds:F1} s; slowest: " +
            string.Join(", ", Enumerable.Range(0, cases.Count).OrderByDescending(i => seconds[i]).Take(5).Select(i => $"{cases[i].Name} {seconds[i]:F1} s")));

        bool update = Environment.GetEnvironmentVariable(UpdateVariable) == "1";
        if (update) StatusFile.Write(StatusFile.Path, results);
        var recorded = StatusFile.Read(StatusFile.Path);

        var failures = new List<string>();
        foreach (var (c, o) in results)
        {
            if (o.Status == ConformanceStatus.Wrong)
            {
                failures.Add($"{c.Name}: WRONG answer, {o.Detail}");
                continue;
            }
            if (!recorded.TryGetValue(c.Name, out var before))
            {
                failures.Add($"{c.Name}: not in the status file (now {o})");
                continue;
            }
            if (before.Status == ConformanceStatus.Pass && o.Status != ConformanceStatus.Pass)
                failures.Add($"{c.Name}: passed before, now {o}");
            else if (before.Status != ConformanceStatus.Pass && o.Status == ConformanceStatus.Pass)
                output.WriteLine($"improved: {c.Name} now passes (was {before}); update the status file");
        }
        var known = cases.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in recorded.Keys.Where(n => !known.Contains(n)))
            failures.Add($"{name}: in the status file but missing from {root}");

        Assert.True(failures.Count == 0,
            $"{failures.Count} conformance problems (rerun with {UpdateVariable}=1 after a deliberate change):\n" + string.Join("\n", failures));
    }
}
