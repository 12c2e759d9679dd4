namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// A decoding Huffman table (JPEG spec annex C and F.2.2.3): codes of up to
/// <see cref="LookaheadBits"/> bits are resolved by one table lookup, longer ones by the
/// per-length maximum codes.
/// </summary>
internal sealed class HuffmanTable
{
    public const int LookaheadBits = 9;

    /// <summary>Indexed by the next 9 bits: <c>(code length &lt;&lt; 8) | symbol</c>, 0 when the code is longer.</summary>
    public readonly ushort[] Fast = new ushort[1 << LookaheadBits];

    /// <summary>Largest code of each length 1..16, or -1.</summary>
    public readonly int[] MaxCode = new int[17];

    /// <summary>Added to a code of each length to index <see cref="Values"/>.</summary>
    public readonly int[] Delta = new int[17];

    public readonly byte[] Values;

    /// <summary>
    /// For AC tables: indexed by the next 9 bits when a code and its magnitude bits fit in
    /// them: <c>(value &lt;&lt; 8) | (run &lt;&lt; 4) | bits used</c>; 0 otherwise. Saves a second
    /// bit-buffer access for most coefficients (the idea of stb_image's <c>fast_ac</c>).
    /// </summary>
    public readonly int[] FastAc = new int[1 << LookaheadBits];

    /// <param name="counts">Number of codes of each length 1..16 (16 entries).</param>
    /// <param name="values">Symbols in code order.</param>
    /// <returns>Null when the counts describe an impossible code.</returns>
    public static HuffmanTable? Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        var t = new HuffmanTable(values.ToArray());
        int code = 0, k = 0;
        for (int len = 1; len <= 16; len++)
        {
            int n = counts[len - 1];
            t.Delta[len] = k - code;
            t.MaxCode[len] = n == 0 ? -1 : code + n - 1;
            for (int i = 0; i < n; i++, k++, code++)
            {
                if (code >= 1 << len) return null; // more codes than this length can hold
                if (len <= LookaheadBits)
                {
                    int shift = LookaheadBits - len;
                    ushort entry = (ushort)((len << 8) | values[k]);
                    t.Fast.AsSpan(code << shift, 1 << shift).Fill(entry);
                }
            }
            code <<= 1;
        }
        t.BuildFastAc();
        return t;
    }

    private void BuildFastAc()
    {
        for (int i = 0; i < Fast.Length; i++)
        {
            int e = Fast[i];
            if (e == 0) continue;
            int len = e >> 8, rs = e & 0xFF, run = rs >> 4, size = rs & 15;
            if (size == 0 || len + size > LookaheadBits) continue;
            int bits = (i >> (LookaheadBits - len - size)) & ((1 << size) - 1);
            int value = bits < 1 << (size - 1) ? bits - (1 << size) + 1 : bits;
            FastAc[i] = (value << 8) | (run << 4) | (len + size);
        }
    }

    private HuffmanTable(byte[] values) => Values = values;
}
