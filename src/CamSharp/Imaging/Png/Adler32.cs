namespace CamSharp.Imaging.Png;

/// <summary>
/// zlib's Adler-32 checksum (RFC 1950), and the combination of two pieces' checksums that
/// System.IO.Hashing does not offer, so that bands deflated apart (<see cref="BandDeflater"/>)
/// still end in the checksum of the whole.
/// </summary>
internal static class Adler32
{
    private const uint Base = 65521;

    public const uint Initial = 1;

    /// <summary>The checksum of what <paramref name="adler"/> covered followed by <paramref name="data"/> (System.IO.Hashing's vectorised sum, then <see cref="Combine"/>).</summary>
    public static uint Append(uint adler, ReadOnlySpan<byte> data) =>
        Combine(adler, System.IO.Hashing.Adler32.HashToUInt32(data), data.Length);

    /// <summary>The checksum of A followed by B from theirs and B's length (zlib's adler32_combine).</summary>
    public static uint Combine(uint first, uint second, long secondLength)
    {
        ulong rem = (ulong)(secondLength % Base);
        ulong a1 = first & 0xFFFF, b1 = first >> 16, a2 = second & 0xFFFF, b2 = second >> 16;
        ulong a = (a1 + a2 + Base - 1) % Base;
        ulong b = (rem * a1 % Base + b1 + b2 + Base - rem) % Base;
        return (uint)((b << 16) | a);
    }
}
