using System.Globalization;
using CamSharp.Engine;
using CamSharp.Onnx.Proto;
using Microsoft.Win32.SafeHandles;

namespace CamSharp.Onnx;

/// <summary>
/// Reads tensors stored outside the model file (<c>data_location = EXTERNAL</c>, keys
/// <c>location</c>, <c>offset</c>, <c>length</c>). The file must lie inside the model's
/// folder: a model is data, and must not make CamSharp read <c>/etc/passwd</c>.
/// </summary>
internal sealed class ExternalDataReader(string source, string? baseDirectory)
{
    private readonly record struct Location(string Path, long Offset, long? Length);

    /// <summary>
    /// Bytes the tensor can really get from its file: the declared length, else what the file
    /// holds past the offset (capped at what is needed, since other tensors may follow).
    /// </summary>
    public long AvailableBytes(TensorProto proto, long needed, string what)
    {
        var loc = Locate(proto, what);
        long fileLength = new FileInfo(loc.Path).Length;
        long inFile = Math.Max(0, fileLength - loc.Offset);
        if (loc.Length is { } declared)
        {
            if (declared > inFile)
                throw Fail(what, $"declares {declared} bytes at offset {loc.Offset} of '{loc.Path}', but the file has only {inFile} there");
            return declared;
        }
        return Math.Min(inFile, needed);
    }

    public byte[] Read(TensorProto proto, long bytes, string what)
    {
        var loc = Locate(proto, what);
        if (bytes > Array.MaxLength)
            throw Fail(what, $"needs {bytes} bytes from '{loc.Path}', more than one read can hold");
        var buffer = new byte[bytes];
        using SafeFileHandle handle = File.OpenHandle(loc.Path);
        int done = 0;
        while (done < buffer.Length)
        {
            int got = RandomAccess.Read(handle, buffer.AsSpan(done), loc.Offset + done);
            if (got == 0) throw Fail(what, $"ends early: '{loc.Path}' gave {done} of {bytes} bytes");
            done += got;
        }
        return buffer;
    }

    private Location Locate(TensorProto proto, string what)
    {
        string? location = null;
        long offset = 0;
        long? length = null;
        foreach (var kv in proto.ExternalData)
        {
            switch (kv.Key)
            {
                case "location": location = kv.Value; break;
                case "offset": offset = ParseNonNegative(kv.Value, "offset", what); break;
                case "length": length = ParseNonNegative(kv.Value, "length", what); break;
            }
        }
        if (string.IsNullOrEmpty(location))
            throw Fail(what, "is stored externally but names no location");
        if (baseDirectory is null)
            throw Fail(what, $"is stored in external file '{location}', but the model was loaded from memory without a base directory");
        return new Location(ResolveInside(location, what), offset, length);
    }

    private string ResolveInside(string location, string what)
    {
        string root = Path.GetFullPath(baseDirectory!);
        if (Path.IsPathRooted(location))
            throw Fail(what, $"names external file '{location}' by an absolute path; it must be relative to the model's folder");
        string full = Path.GetFullPath(Path.Combine(root, location));
        if (!IsInside(full, root))
            throw Fail(what, $"names external file '{location}', which lies outside the model's folder '{root}'");
        if (!File.Exists(full))
            throw Fail(what, $"is stored in external file '{full}', which does not exist");
        // A symbolic link inside the folder could still point elsewhere.
        if (new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            string realRoot = new DirectoryInfo(root).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? root;
            if (!IsInside(target.FullName, root) && !IsInside(target.FullName, realRoot))
                throw Fail(what, $"names external file '{location}', a link to '{target.FullName}' outside the model's folder");
        }
        return full;
    }

    private static bool IsInside(string path, string root)
    {
        string prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private long ParseNonNegative(string text, string key, string what) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw Fail(what, $"has external-data {key} '{text}', which is not a non-negative integer");

    private ModelException Fail(string what, string message) => new($"{source}: {what} {message}.");
}
