namespace CamSharp.Imaging.Jpeg;

/// <summary>Canonical Huffman codes for encoding, built from DHT-style counts and symbols (spec annex C).</summary>
internal sealed class HuffmanEncoder
{
    private readonly ushort[] _code = new ushort[256];
    private readonly byte[] _length = new byte[256];

    public HuffmanEncoder(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        int code = 0, k = 0;
        for (int len = 1; len <= 16; len++)
        {
            for (int i = 0; i < counts[len - 1]; i++, k++, code++)
            {
                _code[values[k]] = (ushort)code;
                _length[values[k]] = (byte)len;
            }
            code <<= 1;
        }
    }

    public void Write(JpegBitWriter w, int symbol) => w.Write(_code[symbol], _length[symbol]);
}

/// <summary>Writes entropy-coded bits most-significant first, stuffing a zero after every 0xFF byte.</summary>
internal sealed class JpegBitWriter(Stream output)
{
    private uint _acc;
    private int _bits;

    public void Write(int value, int count)
    {
        if (count == 0) return;
        _acc = (_acc << count) | ((uint)value & ((1u << count) - 1));
        _bits += count;
        while (_bits >= 8)
        {
            byte b = (byte)(_acc >> (_bits - 8));
            output.WriteByte(b);
            if (b == 0xFF) output.WriteByte(0);
            _bits -= 8;
        }
    }

    /// <summary>Pads the last byte with one-bits (spec F.1.2.3).</summary>
    public void Flush()
    {
        if (_bits > 0) Write(0x7F, 8 - _bits);
    }
}
