namespace CamSharp.Imaging.Jpeg;

/// <summary>The parameters of one scan (SOS header, spec B.2.3) and the tables in force for it.</summary>
internal sealed class JpegScan
{
    public required JpegComponent[] Components { get; init; }
    public required int Ss { get; init; }
    public required int Se { get; init; }
    public required int Ah { get; init; }
    public required int Al { get; init; }
    public required HuffmanTable?[] DcTables { get; init; }
    public required HuffmanTable?[] AcTables { get; init; }
    public required int RestartInterval { get; init; }

    /// <summary>MCU grid of the frame, for interleaved scans.</summary>
    public required int McusX { get; init; }
    public required int McusY { get; init; }

    public bool Interleaved => Components.Length > 1;

    /// <summary>MCUs in this scan: whole frame MCUs when interleaved, otherwise one block each.</summary>
    public long McuCount => Interleaved ? (long)McusX * McusY : (long)Components[0].UsedBlocksX * Components[0].UsedBlocksY;
}
