namespace CamSharp.Files;

/// <summary>
/// A relative path that must stay inside a folder (a model's external data inside the model's
/// folder), checked on the real path with every link resolved, not only the last one: a link
/// <c>sub -&gt; /etc</c> in the folder cannot make <c>sub/passwd</c> readable.
/// </summary>
public static class ConfinedPath
{
    /// <summary>
    /// The real path of <paramref name="relative"/> under <paramref name="root"/>; an
    /// <see cref="UnsafePathException"/> if it is absolute or resolves outside the root.
    /// </summary>
    public static string Resolve(string root, string relative)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(relative);
        if (Path.IsPathRooted(relative) || relative.Contains('\0'))
            throw new UnsafePathException(relative, $"must be a path relative to '{root}'");
        if (!TryResolve(root, relative, out string real, out string realRoot))
            throw new UnsafePathException(relative, $"resolves to '{real}', outside the folder '{realRoot}'");
        return real;
    }

    /// <summary>
    /// The real path of <paramref name="relative"/> (relative) under <paramref name="root"/>, and
    /// whether it lies strictly inside the root's real path.
    /// </summary>
    public static bool TryResolve(string root, string relative, out string real, out string realRoot)
    {
        realRoot = RealPath.Resolve(root);
        real = RealPath.Resolve(Path.Combine(realRoot, relative));
        return RealPath.IsInside(real, realRoot) && real != realRoot;
    }

    /// <summary>Whether an open file still lies inside <paramref name="realRoot"/> (Linux: its /proc entry), so a link swapped in after the check is caught.</summary>
    internal static bool OpenedInside(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string realRoot)
    {
        if (!OperatingSystem.IsLinux()) return true;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            string? opened = new FileInfo($"/proc/self/fd/{(int)handle.DangerousGetHandle()}").LinkTarget;
            return opened is null || RealPath.IsInside(opened, realRoot);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }
}
