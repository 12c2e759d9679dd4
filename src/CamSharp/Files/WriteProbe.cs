namespace CamSharp.Files;

/// <summary>
/// Proves a folder writable by creating a file in it: exclusively (<c>O_CREAT|O_EXCL</c>, so
/// never through a link and never over an existing file), with an unpredictable name, deleted
/// when closed. Nothing that was there before is touched.
/// </summary>
public static class WriteProbe
{
    /// <summary>
    /// Throws the <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> that
    /// writing would, naming the folder, never the probe (a made-up name means nothing to the user).
    /// </summary>
    public static void Check(string folder)
    {
        string probe = Path.Combine(folder, $".camsharp-probe-{AtomicFile.RandomHex()}");
        try
        {
            using var fs = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"permission denied to create files in '{folder}'.", e);
        }
        catch (IOException e) when (e is FileNotFoundException or DirectoryNotFoundException && Directory.Exists(folder))
        {
            // /proc and /sys folders exist but refuse new files with ENOENT ("Could not find file").
            throw new UnsafePathException(folder, "takes no new files (a /proc or /sys folder?)");
        }
        catch (IOException e) when (e.Message.Contains(probe, StringComparison.Ordinal))
        {
            throw new IOException(e.Message.Replace(probe, folder, StringComparison.Ordinal), e);
        }
    }
}
