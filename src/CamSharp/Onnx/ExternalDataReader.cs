using System.Globalization;
using CamSharp.Engine;
using CamSharp.Files;
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
        long fileLength = RegularFile.Length(loc.Path, "external data file");
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
        using SafeFileHandle handle = RegularFile.OpenHandle(loc.Path, "external data file", out _);
        if (!ConfinedPath.OpenedInside(handle, RealPath.Resolve(baseDirectory!)))
            throw Fail(what, $"names external file '{loc.Path}', which was replaced by a link outside the model's folder");
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

    /// <summary>The real path, every link resolved component by component, which must stay in the model's folder.</summary>
    private string ResolveInside(string location, string what)
    {
        if (Path.IsPathRooted(location))
            throw Fail(what, $"names external file '{location}' by an absolute path; it must be relative to the model's folder");
        string full, root;
        bool inside;
        try
        {
            inside = ConfinedPath.TryResolve(baseDirectory!, location, out full, out root);
        }
        catch (UnsafePathException e)
        {
            throw Fail(what, $"names external file '{location}', which {e.Problem}");
        }
        if (!inside)
            throw Fail(what, $"names external file '{location}', which resolves to '{full}', outside the model's folder '{root}'");
        var status = FileStatus.Of(full);
        if (status.Kind == FileKind.Missing)
            throw Fail(what, $"is stored in external file '{full}', which does not exist");
        if (status.Kind != FileKind.Regular)
            throw Fail(what, $"is stored in external file '{full}', which is {status.Kind.Describe()}, not a regular file");
        return full;
    }

    private long ParseNonNegative(string text, string key, string what) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw Fail(what, $"has external-data {key} '{text}', which is not a non-negative integer");

    private ModelException Fail(string what, string message) => new($"{source}: {what} {message}.");
}
