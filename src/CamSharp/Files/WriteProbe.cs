namespace CamSharp.Files;

/// <summary>
/// Proves a folder writable by creating a file in it: exclusively (<c>O_CREAT|O_EXCL</c>, so
/// never through a link and never over an existing file), with an unpredictable name, deleted
/// when closed. Nothing that was there before is touched.
/// </summary>
public static class WriteProbe
{
    /// <summary>Throws the <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> that writing would.</summary>
    public static void Check(string folder)
    {
        string probe = Path.Combine(folder, $".camsharp-probe-{AtomicFile.RandomHex()}");
        using var fs = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
    }
}
