namespace CamSharp.Imaging.Png;

/// <summary>
/// zlib's Adler-32 checksum (RFC 1950), and its combination of two pieces' checksums, so that
/// bands deflated apart (<see cref="BandDeflater"/>) still end in the checksum of the whole.
/// </summary>
internal static class Adler32
{
    private const uint Base = 65521;

    /// <summary>Bytes that can be summed before the second sum could overflow 32 bits (zlib's NMAX).</summary>
    private const int MaxRun = 5552;

    public const uint Initial = 1;

    public static uint Append(uint adler, ReadOnlySpan<byte> data)
    {
        uint a = adler & 0xFFFF, b = adler >> 16;
        while (data.Length > 0)
        {
            int run = Math.Min(data.Length, MaxRun);
            foreach (byte x in data[..run])
            {
                a += x;
                b += a;
            }
            a %= Base;
            b %= Base;
            data = data[run..];
        }
        return (b << 16) | a;
    }

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
