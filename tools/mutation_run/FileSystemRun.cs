using System.Diagnostics;
using CamSharp.MutationRun;

/// <summary>
/// Runs each <see cref="FileSystemCases"/> case in a fresh process: a case still running after
/// the timeout is killed and counted as hung (a FIFO that was opened), one that dies as crashed;
/// otherwise its outcome, time and peak resident memory are printed.
/// </summary>
internal static class FileSystemRun
{
    public static int RunAll(int timeoutSeconds)
    {
        int bad = 0;
        Console.WriteLine($"{"class",-11} {"case",-40} {"outcome",-8} {"ms",8} {"peak MiB",9}  detail");
        foreach (var c in FileSystemCases.All)
        {
            var psi = Self.StartInfo("--filesystem-one", c.Name);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds)))
            {
                p.Kill(entireProcessTree: true);
                Console.WriteLine($"{c.Class,-11} {c.Name,-40} {"HUNG",-8}");
                bad++;
                continue;
            }
            string line = output.Result.Trim();
            if (p.ExitCode != 0 || line.Length == 0)
            {
                Console.WriteLine($"{c.Class,-11} {c.Name,-40} {"DIED",-8} exit {p.ExitCode} {line}");
                bad++;
                continue;
            }
            Console.WriteLine(line);
            if (line.Contains(" Crashed ", StringComparison.Ordinal)) bad++;
        }
        Console.WriteLine(bad == 0 ? "all cases ended as expected" : $"{bad} case(s) crashed, hung or died");
        return bad == 0 ? 0 : 1;
    }

    public static int RunOne(string name)
    {
        var c = FileSystemCases.All.Single(x => x.Name == name);
        var watch = Stopwatch.StartNew();
        var result = FileSystemCases.Run(c);
        watch.Stop();
        string detail = (result.ErrorType is null ? "" : $"{result.ErrorType}: ") + (result.Message ?? "").Split('\n')[0];
        Console.WriteLine($"{c.Class,-11} {c.Name,-40} {result.Outcome,-8} {watch.Elapsed.TotalMilliseconds,8:F0} {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,9:F1}  {detail}");
        return 0;
    }
}
