using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CamSharp.Bench;

/// <summary>
/// The camsharp a user who installed the tool runs: the CLI published for this machine's runtime the way its
/// runtime package is packed (on linux-x64 the native, AOT-compiled executable; elsewhere ReadyToRun), not the
/// plain build, whose every process first waits for the JIT.
/// </summary>
internal static class PublishedTool
{
    public static string Publish(string repoRoot)
    {
        string rid = RuntimeInformation.RuntimeIdentifier;
        string folder = Path.Combine(Path.GetTempPath(), $"camsharp-bench-tool-{Environment.ProcessId}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "publish", "src/CamSharp.Cli", "-c", "Release", "-r", rid, "-o", folder }) start.ArgumentList.Add(a);
        Console.WriteLine($"publishing the tool for {rid} (as its package is packed) into {folder} ...");
        using var process = Process.Start(start) ?? throw new BenchFailure("could not start dotnet publish");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new BenchFailure($"dotnet publish src/CamSharp.Cli -r {rid} failed: {stdout}{stderr.Result}");
        string exe = Path.Combine(folder, OperatingSystem.IsWindows() ? "CamSharp.Cli.exe" : "CamSharp.Cli");
        return File.Exists(exe) ? exe : throw new BenchFailure($"dotnet publish made no {exe}");
    }
}
