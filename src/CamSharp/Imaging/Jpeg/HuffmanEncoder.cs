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
