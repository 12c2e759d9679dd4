namespace CamSharp.Imaging.Png;

/// <summary>
/// The CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42 polynomial, reflected, as in the PNG spec
/// annex D): System.IO.Hashing's, vectorized with carry-less multiplies where the CPU has them,
/// since a written picture's IDAT is megabytes and a byte-at-a-time table walked every one.
/// </summary>
internal static class Crc32
{
    /// <summary>The CRC of a chunk's type and data.</summary>
    public static uint Compute(ReadOnlySpan<byte> typeAndData) => System.IO.Hashing.Crc32.HashToUInt32(typeAndData);
}
