namespace CamSharp.Imaging.Jpeg;

/// <summary>One colour component of a JPEG frame and the decoded samples it accumulates.</summary>
internal sealed class JpegComponent
{
    public required int Id { get; init; }
    public required int H { get; init; }
    public required int V { get; init; }
    public required int QuantTableIndex { get; init; }

    /// <summary>Sample size of this component in the image (ceil(W·H/Hmax) × ceil(H·V/Vmax)), spec A.1.1.</summary>
    public int Width, Height;

    /// <summary>Blocks that hold image samples (non-interleaved scans cover exactly these).</summary>
    public int UsedBlocksX, UsedBlocksY;

    /// <summary>Blocks allocated: whole MCUs for interleaved scans.</summary>
    public int BlocksX, BlocksY;

    /// <summary>Decoded samples, <see cref="PlaneStride"/> = BlocksX·8 bytes per row.</summary>
    public byte[] Plane = [];
    public int PlaneStride => BlocksX * 8;

    /// <summary>Quantized coefficients (natural order, 64 per block) for progressive frames.</summary>
    public short[]? Coefficients;

    /// <summary>Quantization table latched when the component's first scan starts (natural order).</summary>
    public ushort[]? Quant;

    public int DcTable, AcTable, DcPredictor;
    public bool SeenInScan, HasDcScan;
}
