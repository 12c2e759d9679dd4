using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// Reads entropy-coded JPEG data most-significant bit first through a 64-bit reservoir,
/// removing byte stuffing (<c>FF 00</c>). At a marker or the end of the data it supplies
/// zero bits, as libjpeg does, but only a few bytes' worth: a scan that needs more is
/// truncated or corrupt, which bounds the work any input can cause.
/// </summary>
internal ref partial struct JpegBitReader
{
    // Valid streams never read more than the 8 bytes of look-ahead past their last real byte.
    private const int MaxPhantomBytes = 16;

    private readonly ReadOnlySpan<byte> _data;
    private readonly string? _name;
    private int _pos;
    private ulong _acc;
    private int _count;
    private int _phantom;

    public JpegBitReader(ReadOnlySpan<byte> data, int position, string? name)
    {
        _data = data;
        _pos = position;
        _name = name;
    }

    /// <summary>Byte position of the next unread byte (never past a marker).</summary>
    public readonly int Position => _pos;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fill()
    {
        var data = _data;
        // Fast path: the next 8 bytes hold no 0xFF (so no stuffing or marker): take whole bytes at once.
        int take = (63 - _count) >> 3; // whole bytes that fit; callers refill below 17 bits, so at least 5
        if (take > 0 && _pos <= data.Length - 8)
        {
            ulong w = BinaryPrimitives.ReadUInt64BigEndian(data[_pos..]);
            ulong inverted = ~w; // a zero byte here is a 0xFF byte in w
            if (((inverted - 0x0101010101010101UL) & ~inverted & 0x8080808080808080UL) == 0)
            {
                _acc = (_acc << (8 * take)) | (w >> (64 - 8 * take));
                _count += 8 * take;
                _pos += take;
                return;
            }
        }
        while (_count <= 56)
        {
            int b = 0;
            if ((uint)_pos < (uint)data.Length)
            {
                b = data[_pos];
                if (b != 0xFF) _pos++;
                else if (_pos + 1 < data.Length && data[_pos + 1] == 0) _pos += 2;
                else { b = 0; Phantom(); } // a marker: stop here and feed zeros
            }
            else
            {
                Phantom();
            }
            _acc = (_acc << 8) | (uint)b;
            _count += 8;
        }
    }

    private void Phantom()
    {
        if (++_phantom > MaxPhantomBytes)
            ImageFormatException.Throw(_name, "JPEG scan data ends early (truncated file or corrupt data)");
    }

    /// <summary>Decodes one Huffman symbol.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Decode(HuffmanTable t)
    {
        if (_count < 16) Fill();
        int look = (int)(_acc >> (_count - HuffmanTable.LookaheadBits)) & ((1 << HuffmanTable.LookaheadBits) - 1);
        int e = t.Fast[look];
        if (e != 0)
        {
            _count -= e >> 8;
            return e & 0xFF;
        }
        return DecodeSlow(t);
    }

    private int DecodeSlow(HuffmanTable t)
    {
        int code16 = (int)(_acc >> (_count - 16)) & 0xFFFF;
        for (int len = HuffmanTable.LookaheadBits + 1; len <= 16; len++)
        {
            int c = code16 >> (16 - len);
            if (c <= t.MaxCode[len])
            {
                _count -= len;
                int idx = c + t.Delta[len];
                return (uint)idx < (uint)t.Values.Length ? t.Values[idx] : ImageFormatException.Throw<int>(_name, "JPEG Huffman code is invalid");
            }
        }
        return ImageFormatException.Throw<int>(_name, "JPEG Huffman code is invalid (corrupt scan data)");
    }

    /// <summary>Reads <paramref name="n"/> (0–16) raw bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetBits(int n)
    {
        if (_count < n) Fill();
        _count -= n;
        return (int)(_acc >> _count) & ((1 << n) - 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetBit() => GetBits(1);

    /// <summary>Reads an <paramref name="s"/>-bit magnitude category value and sign-extends it (spec F.2.2.1 EXTEND).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReceiveExtend(int s)
    {
        if (s == 0) return 0;
        int v = GetBits(s);
        return v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
    }

    /// <summary>At a restart interval boundary: drops the partial byte and consumes the RSTn marker.</summary>
    public void Restart()
    {
        _acc = 0;
        _count = 0;
        _phantom = 0;
        int marker = JpegMarkerReader.NextMarker(_data, ref _pos);
        if (marker < 0xD0 || marker > 0xD7)
            ImageFormatException.Throw(_name, marker < 0 ? "JPEG restart marker missing (truncated file)" : $"JPEG restart marker expected, found marker 0x{marker:X2}");
    }
}
