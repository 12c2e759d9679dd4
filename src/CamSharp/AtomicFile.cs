using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CamSharp;

/// <summary>
/// Writes files so that a reader never sees half of one: the bytes go to a temporary file in
/// the same folder, which is then renamed over the target. An existing file is replaced only
/// when the new one is complete. A process killed mid-write can leave a temporary file
/// behind; its name says so (<c>.NAME.PID.RANDOM.camsharp-tmp</c>) and
/// <see cref="RemoveStale(string)"/> deletes those of processes that are gone.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>The ending of every temporary file this class makes.</summary>
    public const string TempExtension = ".camsharp-tmp";

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        string temp = TempPathFor(path);
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write)) fs.Write(bytes);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes what <paramref name="write"/> puts in the stream to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string temp = TempPathFor(path);
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write)) write(fs);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Whether a file name is one of this class's temporary files.</summary>
    public static bool IsTempFile(string path) => TempName().IsMatch(Path.GetFileName(path));

    /// <summary>
    /// Deletes the temporary files in <paramref name="folder"/> (not below it) left by
    /// processes that no longer run; returns how many. Files of live processes are kept.
    /// </summary>
    public static int RemoveStale(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        int removed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*" + TempExtension))
        {
            var m = TempName().Match(Path.GetFileName(file));
            if (!m.Success || IsRunning(int.Parse(m.Groups["pid"].Value))) continue;
            try
            {
                File.Delete(file);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another cleaner got there first, or the folder is read-only: not our problem now.
            }
        }
        return removed;
    }

    private static string TempPathFor(string path)
    {
        string full = Path.GetFullPath(path);
        string name = $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid().ToString("N")[..8]}{TempExtension}";
        return Path.Combine(Path.GetDirectoryName(full)!, name);
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\..+\.(?<pid>\d{1,10})\.[0-9a-f]{8}\.camsharp-tmp$")]
    private static partial Regex TempName();
}
