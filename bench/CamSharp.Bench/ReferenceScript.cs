using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CamSharp.Bench;

/// <summary>
/// Runs a reference loop under tools/reference_bench with Debian's Python and torch 1.13, right
/// after our own run so both see the same load, and reads the wall time it prints
/// (<c>…: 12.3 s (…)</c>). Loops are linear in their mask count, so a run with fewer masks is
/// scaled to the full count when the full count would take hours here.
/// </summary>
internal static partial class ReferenceScript
{
    public sealed record Timing(double Seconds, int MasksRun, int MasksWanted)
    {
        /// <summary>The time for <see cref="MasksWanted"/> masks (scaled when fewer ran).</summary>
        public double Scaled => Seconds * MasksWanted / MasksRun;

        public string Note => MasksRun == MasksWanted ? "measured" : $"scaled from {MasksRun} masks";
    }

    public static Timing Run(string script, int masksWanted, int? masksRun)
    {
        int masks = Math.Min(masksRun ?? masksWanted, masksWanted);
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoRoot() };
        start.ArgumentList.Add(Path.Combine("tools", "reference_bench", script));
        start.ArgumentList.Add(masks.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start) ?? throw new BenchFailure($"could not start /usr/bin/python3 {script}");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var m = WallTime().Match(stdout);
        if (process.ExitCode != 0 || !m.Success)
            throw new BenchFailure($"{script} {masks} failed (exit {process.ExitCode}): {stdout}{stderr.Result}");
        return new Timing(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), masks, masksWanted);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CamSharp.slnx"))) return dir.FullName;
        throw new BenchFailure("Run the bench from inside the repository (CamSharp.slnx not found above the binary).");
    }

    [GeneratedRegex(@": ([0-9.]+) s")]
    private static partial Regex WallTime();
}
