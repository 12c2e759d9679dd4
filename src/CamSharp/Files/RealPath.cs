namespace CamSharp.Files;

/// <summary>
/// A path with every symbolic link resolved, component by component, as <c>realpath(3)</c> does
/// (.NET resolves only the last component). <c>..</c> is applied after the link before it is
/// resolved, as the kernel does, not lexically. Components that do not exist are kept as given.
/// </summary>
public static class RealPath
{
    /// <summary>Links followed in one path before it counts as a loop (Linux's own limit).</summary>
    public const int MaxLinks = 40;

    /// <summary>The absolute path <paramref name="path"/> names, with no link in it.</summary>
    public static string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows()) return Path.GetFullPath(path);
        string absolute = Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);
        var pending = new List<string>(Split(absolute));
        pending.Reverse(); // a stack: the next component is at the end
        string current = "/";
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            if (part is "" or ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }
            string next = Path.Combine(current, part);
            if (FileStatus.Of(next, followLinks: false).Kind != FileKind.SymbolicLink)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) throw new UnsafePathException(path, $"has more than {MaxLinks} symbolic links in a row (a loop)");
            string target = new FileInfo(next).LinkTarget ?? throw new UnsafePathException(path, $"has a link '{next}' that cannot be read");
            if (Path.IsPathRooted(target)) current = "/";
            var parts = Split(target);
            for (int i = parts.Length - 1; i >= 0; i--) pending.Add(parts[i]);
        }
        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies below it (both already resolved).</summary>
    public static bool IsInside(string path, string folder)
    {
        if (string.Equals(path, folder, StringComparison.Ordinal)) return true;
        string prefix = Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string[] Split(string path) => path.Split(Path.DirectorySeparatorChar);
}
