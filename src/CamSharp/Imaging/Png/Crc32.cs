namespace CamSharp.Imaging.Png;

/// <summary>The CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42 polynomial, reflected, as in the PNG spec annex D).</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }

    /// <summary>Continues a running CRC (start with <c>0xFFFFFFFF</c>, finish with <c>~crc</c>).</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    /// <summary>The CRC of a chunk's type and data.</summary>
    public static uint Compute(ReadOnlySpan<byte> typeAndData) => ~Update(0xFFFFFFFFu, typeAndData);
}
