namespace CamSharp.Imaging.Png;

/// <summary>
/// The zlib stream of a PNG written as IDAT chunks of at most <see cref="ChunkBytes"/> as it is
/// made: holding the whole compressed image first (a growing MemoryStream, then its copy) took
/// about three times the file's size on top of the picture (a 17 MB featmap PNG: ~100 MB).
/// </summary>
internal sealed class IdatStream(Stream output) : Stream
{
    /// <summary>Data bytes per IDAT chunk (libpng writes 8 KB; larger chunks cost nothing here).</summary>
    public const int ChunkBytes = 1 << 16;

    private readonly byte[] _buffer = new byte[ChunkBytes];
    private int _count;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            int take = Math.Min(data.Length, ChunkBytes - _count);
            data[..take].CopyTo(_buffer.AsSpan(_count));
            _count += take;
            data = data[take..];
            if (_count == ChunkBytes) EmitChunk();
        }
    }

    /// <summary>Writes what is buffered as a last, shorter chunk (nothing when empty).</summary>
    public override void Flush()
    {
        if (_count > 0) EmitChunk();
    }

    private void EmitChunk()
    {
        PngEncoder.WriteChunk(output, "IDAT"u8, _buffer.AsSpan(0, _count));
        _count = 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
