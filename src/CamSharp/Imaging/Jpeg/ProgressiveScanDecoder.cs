using System.Runtime.CompilerServices;

namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// Decodes one progressive Huffman scan (spec G.1.2) into the components' coefficient
/// arrays: DC first/refinement (possibly interleaved) and AC first/refinement (one
/// component), with end-of-band runs. The inverse DCT runs after the last scan.
/// </summary>
internal static class ProgressiveScanDecoder
{
    /// <returns>The byte position after the scan's entropy-coded data.</returns>
    public static int Decode(ReadOnlySpan<byte> data, int pos, JpegScan scan, string? name)
    {
        var reader = new JpegBitReader(data, pos, name);
        var comps = scan.Components;
        int restartsLeft = scan.RestartInterval;
        int eobRun = 0;
        long mcus = scan.McuCount;
        for (long m = 0; m < mcus; m++)
        {
            if (scan.RestartInterval > 0)
            {
                if (restartsLeft == 0)
                {
                    reader.Restart();
                    foreach (var c in comps) c.DcPredictor = 0;
                    eobRun = 0;
                    restartsLeft = scan.RestartInterval;
                }
                restartsLeft--;
            }
            if (!scan.Interleaved)
            {
                var c = comps[0];
                int bx = (int)(m % c.UsedBlocksX), by = (int)(m / c.UsedBlocksX);
                DecodeBlock(ref reader, scan, c, Block(c, bx, by), ref eobRun, name);
                continue;
            }
            int mx = (int)(m % scan.McusX), my = (int)(m / scan.McusX);
            foreach (var c in comps)
                for (int v = 0; v < c.V; v++)
                    for (int h = 0; h < c.H; h++)
                        DecodeBlock(ref reader, scan, c, Block(c, mx * c.H + h, my * c.V + v), ref eobRun, name);
        }
        return reader.Position;
    }

    private static Span<short> Block(JpegComponent c, int bx, int by) => c.Coefficients.AsSpan((by * c.BlocksX + bx) * 64, 64);

    private static void DecodeBlock(ref JpegBitReader reader, JpegScan scan, JpegComponent c, Span<short> block, ref int eobRun, string? name)
    {
        if (scan.Ss == 0)
        {
            if (scan.Ah == 0)
            {
                int t = reader.Decode(scan.DcTables[c.DcTable]!);
                if (t > 16) ImageFormatException.Throw(name, $"JPEG DC coefficient category {t} is invalid");
                c.DcPredictor += reader.ReceiveExtend(t);
                block[0] = (short)(c.DcPredictor << scan.Al);
            }
            else if (reader.GetBit() != 0)
            {
                block[0] |= (short)(1 << scan.Al);
            }
            return;
        }
        if (scan.Ah == 0) AcFirst(ref reader, scan, scan.AcTables[c.AcTable]!, block, ref eobRun, name);
        else AcRefine(ref reader, scan, scan.AcTables[c.AcTable]!, block, ref eobRun, name);
    }

    private static void AcFirst(ref JpegBitReader reader, JpegScan scan, HuffmanTable ac, Span<short> block, ref int eobRun, string? name)
    {
        if (eobRun > 0) { eobRun--; return; }
        var zz = ZigZag.ToNatural;
        for (int k = scan.Ss; k <= scan.Se; k++)
        {
            int rs = reader.Decode(ac);
            int r = rs >> 4, s = rs & 15;
            if (s != 0)
            {
                k += r;
                if (k > scan.Se) ImageFormatException.Throw(name, "JPEG AC coefficients run past the end of the spectral band");
                block[zz[k]] = (short)(reader.ReceiveExtend(s) << scan.Al);
            }
            else if (r == 15)
            {
                k += 15;
            }
            else
            {
                eobRun = (1 << r) - 1;
                if (r > 0) eobRun += reader.GetBits(r);
                return;
            }
        }
    }

    /// <summary>Successive approximation of AC coefficients (spec G.1.2.3): one more bit of precision.</summary>
    private static void AcRefine(ref JpegBitReader reader, JpegScan scan, HuffmanTable ac, Span<short> block, ref int eobRun, string? name)
    {
        var zz = ZigZag.ToNatural;
        int p1 = 1 << scan.Al, m1 = -1 << scan.Al;
        int k = scan.Ss, se = scan.Se;
        if (eobRun == 0)
        {
            for (; k <= se; k++)
            {
                int rs = reader.Decode(ac);
                int r = rs >> 4, s = rs & 15;
                int value = 0;
                if (s != 0)
                {
                    if (s != 1) ImageFormatException.Throw(name, "JPEG AC refinement coefficient has a size other than 1");
                    value = reader.GetBit() != 0 ? p1 : m1;
                }
                else if (r != 15)
                {
                    eobRun = 1 << r;
                    if (r > 0) eobRun += reader.GetBits(r);
                    break;
                }
                // Skip r zero coefficients (refining the non-zero ones passed on the way), then place the new one.
                for (; k <= se; k++)
                {
                    ref short coef = ref block[zz[k]];
                    if (coef != 0) Refine(ref reader, ref coef, p1, m1);
                    else if (--r < 0) break;
                }
                if (value != 0)
                {
                    if (k > se) ImageFormatException.Throw(name, "JPEG AC refinement runs past the end of the spectral band");
                    block[zz[k]] = (short)value;
                }
            }
        }
        if (eobRun > 0)
        {
            // Inside an end-of-band run only the already non-zero coefficients get a correction bit.
            for (; k <= se; k++)
            {
                ref short coef = ref block[zz[k]];
                if (coef != 0) Refine(ref reader, ref coef, p1, m1);
            }
            eobRun--;
        }
    }

    private static void Refine(ref JpegBitReader reader, ref short coef, int p1, int m1)
    {
        if (reader.GetBit() != 0 && (coef & p1) == 0)
            coef += (short)(coef >= 0 ? p1 : m1);
    }
}
