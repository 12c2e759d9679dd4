using System.Runtime.CompilerServices;

namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// Decodes a baseline or extended sequential Huffman scan (spec F.2.2). Every block is
/// complete in its scan, so it goes through the inverse DCT into the component's plane at once.
/// </summary>
internal static class SequentialScanDecoder
{
    /// <returns>The byte position after the scan's entropy-coded data.</returns>
    [SkipLocalsInit]
    public static int Decode(ReadOnlySpan<byte> data, int pos, JpegScan scan, string? name)
    {
        var reader = new JpegBitReader(data, pos, name);
        Span<short> block = stackalloc short[64];
        block.Clear();
        var comps = scan.Components;
        int restartsLeft = scan.RestartInterval;
        long mcus = scan.McuCount;
        for (long m = 0; m < mcus; m++)
        {
            if (scan.RestartInterval > 0)
            {
                if (restartsLeft == 0)
                {
                    reader.Restart();
                    foreach (var c in comps) c.DcPredictor = 0;
                    restartsLeft = scan.RestartInterval;
                }
                restartsLeft--;
            }
            if (!scan.Interleaved)
            {
                var c = comps[0];
                int bx = (int)(m % c.UsedBlocksX), by = (int)(m / c.UsedBlocksX);
                DecodeBlockTo(ref reader, scan, c, block, bx, by, name);
                continue;
            }
            int mx = (int)(m % scan.McusX), my = (int)(m / scan.McusX);
            foreach (var c in comps)
                for (int v = 0; v < c.V; v++)
                    for (int h = 0; h < c.H; h++)
                        DecodeBlockTo(ref reader, scan, c, block, mx * c.H + h, my * c.V + v, name);
        }
        return reader.Position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DecodeBlockTo(ref JpegBitReader reader, JpegScan scan, JpegComponent c, scoped Span<short> block, int bx, int by, string? name)
    {
        bool hasAc = reader.DecodeBaselineBlock(scan.DcTables[c.DcTable]!, scan.AcTables[c.AcTable]!, ref c.DcPredictor, block);
        var dest = c.Plane.AsSpan(by * 8 * c.PlaneStride + bx * 8);
        if (hasAc)
        {
            IslowIdct.Transform(block, c.Quant, dest, c.PlaneStride);
            block.Clear();
        }
        else
        {
            IslowIdct.TransformDcOnly(block[0], c.Quant![0], dest, c.PlaneStride);
        }
    }
}
