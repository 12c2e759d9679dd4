namespace CamSharp.Bench;

/// <summary>
/// Speed is measured here, never in unit tests. Run from the repository root:
/// <c>dotnet run -c Release --project bench/CamSharp.Bench -- TASK [--quick] [--json FILE]</c>;
/// <c>all</c> prints one summary table (see <see cref="TableBench"/>), the other tasks are in <see cref="BenchTasks"/>.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string task = args.Length > 0 && !args[0].StartsWith("--") ? args[0] : "all";
        var rest = args.SkipWhile(a => a == task).ToArray();
        try
        {
            if (task == "all") return TableBench.Run(rest);
            if (BenchTasks.Find(task) is { } found)
            {
                found.Run(rest);
                return 0;
            }
        }
        catch (BenchFailure e)
        {
            Console.Error.WriteLine($"bench: {e.Message}");
            return 1;
        }
        Console.Error.WriteLine($"unknown task '{task}': use all, {string.Join(", ", BenchTasks.All.Select(t => t.Name))}");
        return 2;
    }
}

/// <summary>A check the bench makes failed (a fallback path not taken, a kernel off its twin).</summary>
internal sealed class BenchFailure(string message) : Exception(message);
