using System.Diagnostics;

namespace CamSharp.Tests.Hardening;

/// <summary>FIFOs, links and other awkward things on disk, made for a test.</summary>
public static class SpecialFiles
{
    /// <summary>Makes a FIFO at <paramref name="path"/> (mkfifo).</summary>
    public static string Fifo(string path)
    {
        using var p = Process.Start("mkfifo", [path]);
        p.WaitForExit();
        if (p.ExitCode != 0 || !File.Exists(path)) throw new InvalidOperationException($"mkfifo {path} failed");
        return path;
    }

    /// <summary>Waits for a process and returns its exit code.</summary>
    public static int WaitForExitAndCode(this Process p)
    {
        using (p)
        {
            p.WaitForExit();
            return p.ExitCode;
        }
    }
}
