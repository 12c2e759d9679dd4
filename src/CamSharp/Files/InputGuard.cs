using System.Collections.Concurrent;

namespace CamSharp.Files;

/// <summary>
/// Remembers the files read within a scope (a command, a request) and refuses to replace any
/// of them: whatever path an output takes — a flag, a folder and a derived name, a link — it
/// cannot overwrite the image, model or tensor it was made from. Reads go through
/// <see cref="RegularFile"/>, writes through <see cref="AtomicFile"/>; outside a scope nothing
/// is recorded. The scope flows to tasks and threads started within it.
/// </summary>
public static class InputGuard
{
    private static readonly AsyncLocal<ConcurrentDictionary<string, string>?> Current = new();

    /// <summary>Starts recording; disposing the result ends the scope.</summary>
    public static IDisposable Begin()
    {
        var previous = Current.Value;
        Current.Value = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        return new Scope(previous);
    }

    /// <summary>Records a file as an input of the current scope (if there is one).</summary>
    public static void Protect(string path)
    {
        if (Current.Value is not { } set) return;
        var status = FileStatus.Of(path);
        if (status.Kind == FileKind.Missing) return;
        set.TryAdd(Key(path, status), path);
    }

    /// <summary>Throws if <paramref name="path"/> is a file read in the current scope.</summary>
    public static void CheckWritable(string path)
    {
        if (Current.Value is not { IsEmpty: false } set) return;
        var status = FileStatus.Of(path);
        if (status.Kind == FileKind.Missing) return;
        if (set.TryGetValue(Key(path, status), out string? input))
            throw new UnsafePathException(path, $"is the input '{input}'; an output never replaces an input, choose another name");
    }

    // Device and inode where known (hard links, bind mounts), else the real path.
    private static string Key(string path, FileStatus status) =>
        status.Inode != 0 ? $"{status.Device}:{status.Inode}" : RealPath.Resolve(path);

    private sealed class Scope(ConcurrentDictionary<string, string>? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
