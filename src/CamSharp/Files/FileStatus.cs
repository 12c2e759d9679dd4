using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace CamSharp.Files;

/// <summary>
/// The kind, identity and size of a file. .NET 10 cannot tell a FIFO or a device from a regular
/// file, so on Linux this asks the kernel (<c>statx</c>, whose layout is the same on every
/// architecture); elsewhere it falls back to what .NET sees.
/// </summary>
internal readonly record struct FileStatus(FileKind Kind, ulong Device, ulong Inode, long Size)
{
    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    public static readonly FileStatus Missing = new(FileKind.Missing, 0, 0, 0);

    /// <summary>Same file on disk (only meaningful where identities are known, i.e. on Linux).</summary>
    public bool SameFileAs(FileStatus other) =>
        Kind != FileKind.Missing && other.Kind != FileKind.Missing && Inode != 0 && Device == other.Device && Inode == other.Inode;

    /// <summary>The status of <paramref name="path"/>; of the link itself when <paramref name="followLinks"/> is false.</summary>
    public static FileStatus Of(string path, bool followLinks = true)
    {
        if (path.Contains('\0')) throw new UnsafePathException(path.Replace("\0", "\\0"), "contains a NUL character");
        if (OperatingSystem.IsLinux())
        {
            var buffer = new byte[StatxSize];
            byte[] name = Encoding.UTF8.GetBytes(path + "\0");
            int rc = Statx(AtFdCwd, name, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, buffer);
            if (rc == 0) return Parse(buffer);
            int errno = Marshal.GetLastPInvokeError();
            if (errno is 2 or 20) return Missing; // ENOENT, ENOTDIR
            if (errno == 40) throw new UnsafePathException(path, "has a loop of symbolic links");
            if (errno == 36) throw new UnsafePathException(path, $"is longer than the system allows ({name.Length - 1} bytes; at most 4095 in all and 255 per name)");
            if (errno == 13) throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
            if (errno != 38) throw new IOException($"{path}: cannot be examined (errno {errno}).");
        }
        return Managed(path, followLinks);
    }

    /// <summary>The status of an open file.</summary>
    public static FileStatus Of(SafeFileHandle handle, string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var buffer = new byte[StatxSize];
            bool added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                int rc = Statx((int)handle.DangerousGetHandle(), [0], AtEmptyPath, StatxBasicStats, buffer);
                if (rc == 0) return Parse(buffer);
            }
            finally
            {
                if (added) handle.DangerousRelease();
            }
        }
        return new FileStatus(FileKind.Regular, 0, 0, RandomAccess.GetLength(handle)) with { Kind = Managed(path, true).Kind };
    }

    private static FileStatus Parse(ReadOnlySpan<byte> b)
    {
        int mode = BinaryPrimitives.ReadUInt16LittleEndian(b[28..]);
        ulong ino = BinaryPrimitives.ReadUInt64LittleEndian(b[32..]);
        long size = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(b[40..]), long.MaxValue);
        ulong dev = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(b[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(b[140..]);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
        return new FileStatus(kind, dev, ino, size);
    }

    private static FileStatus Managed(string path, bool followLinks)
    {
        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!followLinks && info.LinkTarget is not null) return new FileStatus(FileKind.SymbolicLink, 0, 0, 0);
        if (info is DirectoryInfo) return new FileStatus(FileKind.Directory, 0, 0, 0);
        return info.Exists ? new FileStatus(FileKind.Regular, 0, 0, ((FileInfo)info).Length) : Missing;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);
}
