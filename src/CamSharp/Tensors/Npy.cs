using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace CamSharp.Tensors;

/// <summary>The raw contents of a NumPy <c>.npy</c> file: element type, shape and bytes (C order, little-endian).</summary>
public sealed record NpyArray(string Descr, int[] Shape, byte[] Data)
{
    public int Length => ShapeUtil.Size(Shape);

    /// <summary>The elements as a tensor: floating types become float32, integers int64, <c>|b1</c> bool.</summary>
    public Tensor ToTensor()
    {
        int n = Length;
        var span = Data.AsSpan();
        switch (Descr)
        {
            case "<f4":
                {
                    var f = new float[n];
                    for (int i = 0; i < n; i++) f[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(4 * i)..]);
                    return Tensor.FromFloats(f, Shape);
                }
            case "<f8":
                {
                    var f = new float[n];
                    for (int i = 0; i < n; i++) f[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(span[(8 * i)..]);
                    return Tensor.FromFloats(f, Shape);
                }
            case "<f2":
                {
                    var f = new float[n];
                    for (int i = 0; i < n; i++) f[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(span[(2 * i)..]);
                    return Tensor.FromFloats(f, Shape);
                }
            case "|b1":
                return Tensor.FromBools(Data.Take(n).Select(b => b != 0).ToArray(), Shape);
            default:
                {
                    var l = new long[n];
                    for (int i = 0; i < n; i++) l[i] = ReadInteger(span, i);
                    return Tensor.FromLongs(l, Shape);
                }
        }
    }

    /// <summary>The elements of a <c>|u1</c> array (images).</summary>
    public byte[] ToBytes() => Descr is "|u1" or "<u1" ? Data : throw new InvalidDataException($"Array is {Descr}, not uint8.");

    private long ReadInteger(ReadOnlySpan<byte> s, int i) => Descr switch
    {
        "<i8" => BinaryPrimitives.ReadInt64LittleEndian(s[(8 * i)..]),
        "<i4" => BinaryPrimitives.ReadInt32LittleEndian(s[(4 * i)..]),
        "<i2" => BinaryPrimitives.ReadInt16LittleEndian(s[(2 * i)..]),
        "|i1" => (sbyte)s[i],
        "|u1" or "<u1" => s[i],
        "<u2" => BinaryPrimitives.ReadUInt16LittleEndian(s[(2 * i)..]),
        "<u4" => BinaryPrimitives.ReadUInt32LittleEndian(s[(4 * i)..]),
        "<u8" => (long)BinaryPrimitives.ReadUInt64LittleEndian(s[(8 * i)..]),
        _ => throw new InvalidDataException($"Unsupported .npy element type '{Descr}'."),
    };
}

/// <summary>
/// Reads and writes NumPy <c>.npy</c> files (format versions 1–3, C order, little-endian),
/// and gzip-compressed <c>.npy.gz</c>. Headers are validated against the data actually present
/// before any large allocation.
/// </summary>
public static partial class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Largest header accepted (<see cref="ResourceLimits.DefaultMaxNpyHeaderBytes"/>).</summary>
    public const int MaxHeaderBytes = ResourceLimits.DefaultMaxNpyHeaderBytes;

    /// <summary>Reads a file; <c>.gz</c> files are decompressed. Errors name the file.</summary>
    public static NpyArray ReadFile(string path) => ReadFile(path, long.MaxValue);

    /// <summary>
    /// Reads a regular file (a FIFO or device is refused before it is opened) whose data, and the
    /// float32 tensor made from it, fit <paramref name="maxBytes"/>: checked from the header and
    /// the file's size before the data is allocated, for <c>.gz</c> files before decompressing it.
    /// </summary>
    public static NpyArray ReadFile(string path, long maxBytes)
    {
        try
        {
            using var fs = Files.RegularFile.OpenRead(path, ".npy file");
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                using var gz = new GZipStream(fs, CompressionMode.Decompress);
                return Read(gz, long.MaxValue, maxBytes);
            }
            return Read(fs, fs.Length, maxBytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        catch (ResourceLimitException e)
        {
            throw new ResourceLimitException(e.Limit, e.Requested, e.Allowed, $"{path}: {e.Message}");
        }
    }

    /// <summary>Reads a file straight to a tensor.</summary>
    public static Tensor ReadTensor(string path) => ReadFile(path).ToTensor();

    /// <summary>
    /// Reads from a stream. <paramref name="available"/> bounds the data size when known.
    /// Every malformed or truncated input is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static NpyArray Read(Stream stream, long available = long.MaxValue) => Read(stream, available, long.MaxValue);

    /// <summary>
    /// Reads from a stream; the data plus the float32 tensor made from it must fit
    /// <paramref name="maxBytes"/> (a <see cref="ResourceLimitException"/> before allocating).
    /// </summary>
    public static NpyArray Read(Stream stream, long available, long maxBytes)
    {
        try
        {
            return ReadChecked(stream, available, maxBytes);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the file ends before its data does.", e);
        }
    }

    private static NpyArray ReadChecked(Stream stream, long available, long maxBytes)
    {
        var pre = new byte[10];
        stream.ReadExactly(pre, 0, 8);
        if (!pre.AsSpan(0, 6).SequenceEqual(Magic)) throw new InvalidDataException("not a .npy file (bad magic).");
        int major = pre[6];
        int headerLen;
        int prefix;
        if (major == 1)
        {
            stream.ReadExactly(pre, 8, 2);
            headerLen = BinaryPrimitives.ReadUInt16LittleEndian(pre.AsSpan(8));
            prefix = 10;
        }
        else if (major is 2 or 3)
        {
            var b = new byte[4];
            stream.ReadExactly(b);
            uint len = BinaryPrimitives.ReadUInt32LittleEndian(b);
            if (len > MaxHeaderBytes) throw new InvalidDataException($".npy header claims {len} bytes (limit {MaxHeaderBytes}).");
            headerLen = (int)len;
            prefix = 12;
        }
        else throw new InvalidDataException($"unsupported .npy format version {major}.");
        var hb = new byte[headerLen];
        stream.ReadExactly(hb);
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(hb);
        var (descr, fortran, shape) = ParseHeader(header);
        if (fortran) throw new InvalidDataException(".npy data in Fortran order is not supported; save with C order.");
        int itemSize = ItemSize(descr);
        if (shape.Length > ResourceLimits.DefaultMaxRank)
            throw new InvalidDataException($".npy shape ({string.Join(", ", shape)}) has rank {shape.Length}, over the cap of {ResourceLimits.DefaultMaxRank}.");
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count > int.MaxValue) throw new InvalidDataException($".npy shape ({string.Join(", ", shape)}) is too large.");
        }
        long bytes = count * itemSize;
        if (available != long.MaxValue && bytes > available - prefix - headerLen)
            throw new InvalidDataException($".npy header promises {bytes} bytes of data but the file holds {Math.Max(0, available - prefix - headerLen)}.");
        if (bytes > int.MaxValue) throw new InvalidDataException(".npy data is larger than 2 GB.");
        // The raw data and the tensor made from it (float32 or int64) live at once.
        long need = bytes + count * Math.Max(4, itemSize);
        if (need > maxBytes)
            throw new ResourceLimitException(nameof(ResourceLimits.MemoryBytes), need, maxBytes,
                $".npy shape ({string.Join(", ", shape)}) of {descr} takes {ResourceLimits.FormatBytes(need)} to load, over the memory budget of {ResourceLimits.FormatBytes(maxBytes)}.");
        var data = ReadUpTo(stream, (int)bytes);
        return new NpyArray(descr, shape, data);
    }

    /// <summary>
    /// Reads exactly <paramref name="n"/> bytes into one array. <paramref name="n"/> was already
    /// checked against the file's size or the memory budget, so it is allocated at once (a
    /// growing stream would hold it twice).
    /// </summary>
    private static byte[] ReadUpTo(Stream s, int n)
    {
        var data = new byte[n];
        s.ReadExactly(data);
        return data;
    }

    private static int ItemSize(string descr) => descr switch
    {
        "<f4" or "<i4" or "<u4" => 4,
        "<f8" or "<i8" or "<u8" => 8,
        "<f2" or "<i2" or "<u2" => 2,
        "|u1" or "<u1" or "|i1" or "|b1" => 1,
        _ => throw new InvalidDataException($"unsupported .npy element type '{descr}' (supported: <f4, <f8, <f2, <i8, <i4, <i2, |i1, |u1, |b1)."),
    };

    private static (string descr, bool fortran, int[] shape) ParseHeader(string header)
    {
        // A key given twice counts with its last value, as in NumPy's dict literal.
        var d = Last(DescrRegex().Matches(header));
        var f = Last(FortranRegex().Matches(header));
        var s = Last(ShapeRegex().Matches(header));
        if (!d.Success || !f.Success || !s.Success)
        {
            string shown = header.Trim();
            if (shown.Length > 120) shown = shown[..120] + $"… ({header.Length} characters)";
            throw new InvalidDataException($".npy header is malformed (needs 'descr', 'fortran_order' and 'shape'): {shown}");
        }
        var parts = s.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string p = parts[i].TrimEnd('L');
            if (!int.TryParse(p, out shape[i]) || shape[i] < 0) throw new InvalidDataException($".npy shape entry '{parts[i]}' is not a valid dimension.");
        }
        return (d.Groups[1].Value, f.Groups[1].Value == "True", shape);
    }

    private static Match Last(MatchCollection matches) => matches.Count > 0 ? matches[^1] : Match.Empty;

    /// <summary>Writes a tensor as <c>&lt;f4</c>, <c>&lt;i8</c> or <c>|b1</c>, format version 1.</summary>
    public static void Write(Stream stream, Tensor t)
    {
        string descr = t.Type switch { DataType.Float32 => "<f4", DataType.Int64 => "<i8", _ => "|b1" };
        string shape = t.Rank switch
        {
            0 => "()",
            1 => $"({t.Shape[0]},)",
            _ => "(" + string.Join(", ", t.Shape) + ")",
        };
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + dict.Length + 1;
        int pad = (64 - total % 64) % 64;
        string header = dict + new string(' ', pad) + "\n";
        var pre = new byte[10];
        Magic.CopyTo(pre, 0);
        pre[6] = 1;
        pre[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(pre.AsSpan(8), (ushort)header.Length);
        stream.Write(pre);
        stream.Write(Encoding.Latin1.GetBytes(header));
        switch (t.Type)
        {
            case DataType.Float32:
                {
                    var buf = new byte[t.Length * 4];
                    var f = t.Floats;
                    for (int i = 0; i < f.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(buf.AsSpan(4 * i), f[i]);
                    stream.Write(buf);
                    break;
                }
            case DataType.Int64:
                {
                    var buf = new byte[t.Length * 8];
                    var l = t.Longs;
                    for (int i = 0; i < l.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(buf.AsSpan(8 * i), l[i]);
                    stream.Write(buf);
                    break;
                }
            default:
                foreach (bool b in t.Bools) stream.WriteByte(b ? (byte)1 : (byte)0);
                break;
        }
    }

    /// <summary>Writes a tensor to a file (through a temporary file, so a failure leaves nothing half-written).</summary>
    public static void WriteFile(string path, Tensor t) => AtomicFile.Write(path, stream => Write(stream, t));

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")]
    private static partial Regex DescrRegex();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranRegex();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapeRegex();
}
