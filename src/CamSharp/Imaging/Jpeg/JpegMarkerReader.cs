using System.Buffers.Binary;

namespace CamSharp.Imaging.Jpeg;

/// <summary>Finding markers and reading marker segments (JPEG spec B.1.1).</summary>
internal static class JpegMarkerReader
{
    /// <summary>
    /// Moves <paramref name="pos"/> past the next marker and returns its code, skipping stray
    /// bytes and fill bytes as libjpeg does; -1 at the end of the data.
    /// </summary>
    public static int NextMarker(ReadOnlySpan<byte> data, ref int pos)
    {
        while (pos < data.Length)
        {
            if (data[pos] != 0xFF) { pos++; continue; }
            int p = pos + 1;
            while (p < data.Length && data[p] == 0xFF) p++; // fill bytes
            if (p >= data.Length) break;
            if (data[p] == 0x00) { pos = p + 1; continue; } // stuffed byte inside entropy data
            pos = p + 1;
            return data[p];
        }
        pos = data.Length;
        return -1;
    }

    /// <summary>The payload of the segment starting at <paramref name="pos"/> (its length field included in the count), advancing past it.</summary>
    public static ReadOnlySpan<byte> ReadSegment(ReadOnlySpan<byte> data, ref int pos, int marker, string? name)
    {
        if (data.Length - pos < 2) ImageFormatException.Throw(name, $"JPEG marker 0x{marker:X2} segment is truncated");
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
        if (length < 2) ImageFormatException.Throw(name, $"JPEG marker 0x{marker:X2} has invalid length {length}");
        if (length > data.Length - pos) ImageFormatException.Throw(name, $"JPEG marker 0x{marker:X2} segment is truncated");
        var body = data.Slice(pos + 2, length - 2);
        pos += length;
        return body;
    }

    /// <summary>A readable name for frame markers this decoder refuses.</summary>
    public static string? UnsupportedFrameName(int marker) => marker switch
    {
        0xC3 => "lossless",
        0xC5 => "differential sequential",
        0xC6 => "differential progressive",
        0xC7 => "differential lossless",
        0xC9 => "arithmetic-coded sequential",
        0xCA => "arithmetic-coded progressive",
        0xCB => "arithmetic-coded lossless",
        0xCD => "differential arithmetic-coded sequential",
        0xCE => "differential arithmetic-coded progressive",
        0xCF => "differential arithmetic-coded lossless",
        _ => null,
    };
}
