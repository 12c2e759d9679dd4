using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CamSharp;

/// <summary>
/// Writes files so that a reader never sees half of one: the bytes go to a temporary file in
/// the same folder, which is then renamed over the target. An existing file is replaced only
/// when the new one is complete. A process killed mid-write can leave a temporary file
/// behind; its name says so (<c>.NAME.PID.RANDOM.camsharp-tmp</c>) and
/// <see cref="RemoveStale(string)"/> deletes those of processes that are gone.
/// Temporary files are created exclusively (never through a link) with unpredictable names.
/// Only regular files are replaced: a target that is a device, FIFO, socket or folder is refused
/// with an <see cref="Files.UnsafePathException"/> (renaming over it would replace the node, not
/// write to it); a target that is a link to a regular file is written where the link points.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>The ending of every temporary file this class makes.</summary>
    public const string TempExtension = ".camsharp-tmp";

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        path = Target(path);
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
        path = Target(path);
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

    /// <summary>
    /// Refuses a target that is not a regular file or a new name; follows a link to where it
    /// points, so the link stays a link.
    /// </summary>
    public static string Target(string path)
    {
        var status = Files.FileStatus.Of(path, followLinks: true);
        if (status.Kind is not (Files.FileKind.Regular or Files.FileKind.Missing))
            throw new Files.UnsafePathException(path, $"is {Files.FileKindNames.Describe(status.Kind)}; outputs are written only to regular files");
        Files.InputGuard.CheckWritable(path);
        return Files.FileStatus.Of(path, followLinks: false).Kind == Files.FileKind.SymbolicLink ? Files.RealPath.Resolve(path) : path;
    }

    private static string TempPathFor(string path)
    {
        string full = Path.GetFullPath(path);
        // The name must fit in 255 bytes whatever the target's name: long names are cut, the
        // random part (64 bits, so not guessable) and the ending are kept.
        string stem = Path.GetFileName(full);
        int budget = 255 - (1 + 1 + 10 + 1 + 16 + TempExtension.Length);
        while (System.Text.Encoding.UTF8.GetByteCount(stem) > budget) stem = stem[..^1];
        string name = $".{stem}.{Environment.ProcessId}.{RandomHex()}{TempExtension}";
        return Path.Combine(Path.GetDirectoryName(full)!, name);
    }

    /// <summary>16 hex digits from the system's secure generator: a name nobody can plant in advance.</summary>
    internal static string RandomHex() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

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

    [GeneratedRegex(@"^\..+\.(?<pid>\d{1,10})\.(?:[0-9a-f]{8}|[0-9a-f]{16})\.camsharp-tmp$")]
    private static partial Regex TempName();
}
