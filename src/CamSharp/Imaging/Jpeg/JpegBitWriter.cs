namespace CamSharp.Imaging.Jpeg;

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
