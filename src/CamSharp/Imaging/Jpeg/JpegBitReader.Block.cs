using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// The hot loop of sequential decoding: one whole block with the bit reservoir held in locals
/// (the fields are written back only around refills), which keeps the bit count in a register.
/// </summary>
internal ref partial struct JpegBitReader
{
    /// <summary>DC difference and AC coefficients of one block into <paramref name="block"/> (natural order, zeroed by the caller).</summary>
    /// <returns>Whether any AC coefficient is non-zero.</returns>
    public bool DecodeBaselineBlock(HuffmanTable dc, HuffmanTable ac, ref int predictor, scoped Span<short> block)
    {
        if (block.Length < 64) throw new ArgumentException("Block needs 64 coefficients.", nameof(block));
        ulong acc = _acc;
        int count = _count;
        const int look = HuffmanTable.LookaheadBits, lookMask = (1 << look) - 1;

        if (count < 16) Refill(ref acc, ref count);
        int e = dc.Fast[(int)(acc >> (count - look)) & lookMask];
        int t;
        if (e != 0) { count -= e >> 8; t = e & 0xFF; }
        else { Sync(acc, count); t = DecodeSlow(dc); acc = _acc; count = _count; }
        if (t > 16) ImageFormatException.Throw(_name, $"JPEG DC coefficient category {t} is invalid");
        if (t > 0)
        {
            if (count < t) Refill(ref acc, ref count);
            count -= t;
            int v = (int)(acc >> count) & ((1 << t) - 1);
            predictor += v < 1 << (t - 1) ? v - (1 << t) + 1 : v;
        }
        ref short b = ref MemoryMarshal.GetReference(block);
        b = (short)predictor;

        ref byte zz = ref MemoryMarshal.GetReference(ZigZag.ToNatural);
        int[] fastAc = ac.FastAc;
        ushort[] fast = ac.Fast;
        bool hasAc = false;
        for (int k = 1; k < 64;)
        {
            if (count < 16) Refill(ref acc, ref count);
            int peek = (int)(acc >> (count - look)) & lookMask;
            int f = fastAc[peek];
            int r, s, value;
            if (f != 0)
            {
                count -= f & 15;
                r = (f >> 4) & 15;
                value = f >> 8;
            }
            else
            {
                int rs;
                e = fast[peek];
                if (e != 0) { count -= e >> 8; rs = e & 0xFF; }
                else { Sync(acc, count); rs = DecodeSlow(ac); acc = _acc; count = _count; }
                r = rs >> 4;
                s = rs & 15;
                if (s == 0)
                {
                    if (r != 15) break; // end of block
                    k += 16;
                    continue;
                }
                if (count < s) Refill(ref acc, ref count);
                count -= s;
                int v = (int)(acc >> count) & ((1 << s) - 1);
                value = v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
            }
            k += r;
            if (k > 63) ImageFormatException.Throw(_name, "JPEG AC coefficients run past the end of a block");
            Unsafe.Add(ref b, Unsafe.Add(ref zz, k)) = (short)value;
            hasAc = true;
            k++;
        }
        Sync(acc, count);
        return hasAc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Sync(ulong acc, int count)
    {
        _acc = acc;
        _count = count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Refill(ref ulong acc, ref int count)
    {
        _acc = acc;
        _count = count;
        Fill();
        acc = _acc;
        count = _count;
    }
}
