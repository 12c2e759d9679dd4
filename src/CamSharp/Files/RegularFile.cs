using System.Text;
using Microsoft.Win32.SafeHandles;

namespace CamSharp.Files;

/// <summary>
/// Reads files that are known to be regular files, bounded by a size cap checked against the
/// file's real size before reading starts. A folder, FIFO, device or socket is refused with an
/// <see cref="UnsafePathException"/> before it is opened (a FIFO would block forever, /dev/zero
/// never ends); a file over the cap with a <see cref="ResourceLimitException"/>.
/// </summary>
public static class RegularFile
{
    /// <summary>Opens a regular file for reading; <paramref name="what"/> ("image", "model") goes into messages.</summary>
    public static FileStream OpenRead(string path, string what = "file")
    {
        var handle = OpenHandle(path, what, out _);
        return new FileStream(handle, FileAccess.Read, bufferSize: 1 << 16);
    }

    /// <summary>The whole file, refused before reading if it holds more than <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes, string what = "file")
    {
        using var handle = OpenHandle(path, what, out var status);
        CheckSize(path, status.Size, maxBytes, what);
        var buffer = new byte[status.Size];
        int done = 0;
        while (done < buffer.Length)
        {
            int got = RandomAccess.Read(handle, buffer.AsSpan(done), done);
            if (got == 0) throw new IOException($"{path}: the {what} shrank while it was read ({done} of {status.Size} bytes).");
            done += got;
        }
        EnsureNoMoreThan(handle, path, done, what);
        return buffer;
    }

    /// <summary>
    /// Refuses a file that holds more than its size says: a /proc or /sys pseudo-file says 0
    /// bytes (read by its size, /proc/self/mem as --labels was an empty list of names), and one
    /// that grows while it is read would be read short.
    /// </summary>
    private static void EnsureNoMoreThan(SafeFileHandle handle, string path, long size, string what)
    {
        Span<byte> one = stackalloc byte[1];
        int more;
        try
        {
            more = RandomAccess.Read(handle, one, size);
        }
        catch (IOException e)
        {
            throw new UnsafePathException(path, $"cannot be read as a file ({e.Message.TrimEnd('.')}); the {what} must be a regular file");
        }
        if (more > 0)
            throw new UnsafePathException(path, $"holds more than its size of {size} bytes says (a /proc or /sys pseudo-file, or a file still being written); the {what} must be a regular file");
    }

    /// <summary>At most the first <paramref name="count"/> bytes: enough to tell a format by its magic bytes.</summary>
    public static byte[] ReadHeader(string path, int count, string what = "file")
    {
        using var handle = OpenHandle(path, what, out var status);
        var buffer = new byte[(int)Math.Min(count, status.Size)];
        int done = 0;
        while (done < buffer.Length)
        {
            int got = RandomAccess.Read(handle, buffer.AsSpan(done), done);
            if (got == 0) break;
            done += got;
        }
        return buffer[..done];
    }

    /// <summary>The file as UTF-8 text (a BOM is dropped), refused before reading if over <paramref name="maxBytes"/>.</summary>
    public static string ReadAllText(string path, long maxBytes, string what = "file")
    {
        var bytes = ReadAllBytes(path, maxBytes, what);
        return new UTF8Encoding(false).GetString(bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? bytes.AsSpan(3) : bytes);
    }

    /// <summary>The size of a regular file, refusing anything else.</summary>
    public static long Length(string path, string what = "file") => Check(path, what).Size;

    /// <summary>Refuses a path that is missing or not a regular file (links are followed).</summary>
    public static void EnsureRegular(string path, string what = "file") => Check(path, what);

    internal static SafeFileHandle OpenHandle(string path, string what, out FileStatus status)
    {
        var before = Check(path, what);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UnauthorizedAccessException($"{path}: permission denied: the {what} cannot be read.", e);
        }
        status = FileStatus.Of(handle, path);
        // Swapped for something else between the check and the open: refuse it as well.
        if (status.Kind != FileKind.Regular || (before.Inode != 0 && !status.SameFileAs(before)))
        {
            handle.Dispose();
            throw new UnsafePathException(path, $"changed while it was opened (now {status.Kind.Describe()})");
        }
        InputGuard.Protect(path);
        return handle;
    }

    private static FileStatus Check(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('\0')) throw new UnsafePathException(path.Replace("\0", "\\0"), "contains a NUL character");
        var status = FileStatus.Of(path, followLinks: true);
        if (status.Kind == FileKind.Missing)
            throw new FileNotFoundException($"{path}: no such {what}.", path);
        if (status.Kind != FileKind.Regular)
            throw new UnsafePathException(path, $"is {status.Kind.Describe()}; the {what} must be a regular file");
        return status;
    }

    private static void CheckSize(string path, long size, long maxBytes, string what)
    {
        if (size > maxBytes)
            throw new ResourceLimitException(nameof(ResourceLimits.MemoryBytes), size, maxBytes,
                $"{path}: the {what} has {ResourceLimits.FormatBytes(size)}, over the memory budget of {ResourceLimits.FormatBytes(maxBytes)} for it.");
        if (size > Array.MaxLength)
            throw new ResourceLimitException(nameof(ResourceLimits.MemoryBytes), size, Array.MaxLength,
                $"{path}: the {what} has {ResourceLimits.FormatBytes(size)}, more than one read can hold.");
    }
}
