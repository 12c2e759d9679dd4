using System.Buffers.Binary;

namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// Baseline JPEG encoder: JFIF YCbCr with the standard (annex K) tables scaled by an IJG
/// quality, chroma subsampled by box averaging, a float forward DCT, and the standard Huffman codes.
/// </summary>
internal static class JpegEncoder
{
    public static void Encode(RgbImage img, Stream output, int quality, JpegSubsampling subsampling)
    {
        if (img.Width > 65535 || img.Height > 65535) throw new ArgumentException($"JPEG cannot hold {img.Width}x{img.Height} (65535 at most).");
        var (h, v) = subsampling switch
        {
            JpegSubsampling.Yuv444 => (1, 1),
            JpegSubsampling.Yuv422 => (2, 1),
            JpegSubsampling.Yuv440 => (1, 2),
            _ => (2, 2),
        };
        byte[] qLuma = JpegStandardTables.ScaledQuant(JpegStandardTables.LuminanceQuant, quality);
        byte[] qChroma = JpegStandardTables.ScaledQuant(JpegStandardTables.ChrominanceQuant, quality);
        WriteHeaders(output, img, qLuma, qChroma, h, v);

        var writer = new JpegBitWriter(output);
        var dcL = new HuffmanEncoder(JpegStandardTables.DcLuminanceCounts, JpegStandardTables.DcValues);
        var dcC = new HuffmanEncoder(JpegStandardTables.DcChrominanceCounts, JpegStandardTables.DcValues);
        var acL = new HuffmanEncoder(JpegStandardTables.AcLuminanceCounts, JpegStandardTables.AcLuminanceValues);
        var acC = new HuffmanEncoder(JpegStandardTables.AcChrominanceCounts, JpegStandardTables.AcChrominanceValues);
        Span<float> samples = stackalloc float[64];
        Span<int> quantized = stackalloc int[64];
        int predY = 0, predCb = 0, predCr = 0;
        int mcuW = 8 * h, mcuH = 8 * v;
        YCbCrPlanes? planes = null;
        for (int my = 0; my < img.Height; my += mcuH)
        {
            // One row of MCUs converted at a time; block rows are relative to the band.
            planes = YCbCrPlanes.Band(img, my, mcuH, planes);
            for (int mx = 0; mx < img.Width; mx += mcuW)
            {
                for (int by = 0; by < v; by++)
                    for (int bx = 0; bx < h; bx++)
                    {
                        planes.Block(planes.Y, mx + 8 * bx, 8 * by, 1, 1, samples);
                        ForwardDct.Quantize(samples, qLuma, quantized);
                        EncodeBlock(writer, quantized, ref predY, dcL, acL);
                    }
                planes.Block(planes.Cb, mx, 0, h, v, samples);
                ForwardDct.Quantize(samples, qChroma, quantized);
                EncodeBlock(writer, quantized, ref predCb, dcC, acC);
                planes.Block(planes.Cr, mx, 0, h, v, samples);
                ForwardDct.Quantize(samples, qChroma, quantized);
                EncodeBlock(writer, quantized, ref predCr, dcC, acC);
            }
        }
        writer.Flush();
        output.Write([0xFF, 0xD9]);
    }

    /// <summary>One block (zig-zag order): DC difference, then run/size symbols and EOB (spec F.1.2).</summary>
    private static void EncodeBlock(JpegBitWriter w, ReadOnlySpan<int> zz, ref int pred, HuffmanEncoder dc, HuffmanEncoder ac)
    {
        int diff = zz[0] - pred;
        pred = zz[0];
        int cat = Category(diff);
        dc.Write(w, cat);
        w.Write(diff < 0 ? diff - 1 : diff, cat);
        int run = 0;
        for (int k = 1; k < 64; k++)
        {
            int c = zz[k];
            if (c == 0) { run++; continue; }
            for (; run > 15; run -= 16) ac.Write(w, 0xF0);
            int size = Category(c);
            ac.Write(w, (run << 4) | size);
            w.Write(c < 0 ? c - 1 : c, size);
            run = 0;
        }
        if (run > 0) ac.Write(w, 0x00);
    }

    private static int Category(int v) => v == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Abs(v));

    private static void WriteHeaders(Stream o, RgbImage img, byte[] qLuma, byte[] qChroma, int h, int v)
    {
        o.Write([0xFF, 0xD8]);
        o.Write([0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]); // JFIF 1.01, 1:1 aspect
        var zz = ZigZag.ToNatural;
        foreach (var (id, q) in new[] { (0, qLuma), (1, qChroma) })
        {
            o.Write([0xFF, 0xDB, 0, 67, (byte)id]);
            for (int k = 0; k < 64; k++) o.WriteByte(q[zz[k]]);
        }
        Span<byte> sof = [0xFF, 0xC0, 0, 17, 8, 0, 0, 0, 0, 3, 1, (byte)((h << 4) | v), 0, 2, 0x11, 1, 3, 0x11, 1];
        BinaryPrimitives.WriteUInt16BigEndian(sof[5..], (ushort)img.Height);
        BinaryPrimitives.WriteUInt16BigEndian(sof[7..], (ushort)img.Width);
        o.Write(sof);
        WriteHuffman(o, 0x00, JpegStandardTables.DcLuminanceCounts, JpegStandardTables.DcValues);
        WriteHuffman(o, 0x10, JpegStandardTables.AcLuminanceCounts, JpegStandardTables.AcLuminanceValues);
        WriteHuffman(o, 0x01, JpegStandardTables.DcChrominanceCounts, JpegStandardTables.DcValues);
        WriteHuffman(o, 0x11, JpegStandardTables.AcChrominanceCounts, JpegStandardTables.AcChrominanceValues);
        o.Write([0xFF, 0xDA, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
    }

    private static void WriteHuffman(Stream o, byte classAndId, ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        int length = 2 + 1 + 16 + values.Length;
        o.Write([0xFF, 0xC4, (byte)(length >> 8), (byte)length, classAndId]);
        o.Write(counts);
        o.Write(values);
    }
}
