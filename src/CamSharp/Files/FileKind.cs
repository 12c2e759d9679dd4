namespace CamSharp.Files;

/// <summary>What a path names on disk. Only <see cref="Regular"/> files are ever read or replaced.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Unknown,
}

/// <summary>Words for messages.</summary>
public static class FileKindNames
{
    /// <summary>"a FIFO (named pipe)", "a character device": what a message says was found.</summary>
    public static string Describe(this FileKind kind) => kind switch
    {
        FileKind.Missing => "nothing (no such file)",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "a special file",
    };
}
