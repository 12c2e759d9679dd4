using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// 2-D max pooling of one plane without dilation (SqueezeNet's and ResNet's 3×3 stride-2
/// pools): per output row, the vertical maximum of the window's input rows goes into a row
/// padded with −∞ (so padding never wins), split by column phase of the stride, so that each
/// of the kw taps is one contiguous run of outW values; the output row is the running maximum
/// of those runs. Hand-written vector loops: the rows are short (13 to 112 columns), where a
/// library call per row and tap cost more than the maxima. Every maximum propagates NaN, as
/// <see cref="MathF.Max(float, float)"/> does, on every path.
/// </summary>
internal static unsafe class MaxPoolPlane
{
    /// <summary>One plane's geometry: input H×W, output OutH×OutW, kernel, stride and leading pads.</summary>
    internal readonly record struct Geometry(int Height, int Width, int OutHeight, int OutWidth,
        int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, int PadTop, int PadLeft)
    {
        /// <summary>The padded row: PadLeft cells of −∞, the columns, then −∞ up to the last window's end.</summary>
        public int PaddedLength => Math.Max(PadLeft + Width, (OutWidth - 1) * StrideWidth + KernelWidth);

        public int PhaseLength => (PaddedLength + StrideWidth - 1) / StrideWidth;

        /// <summary>
        /// Floats of scratch <see cref="Forward"/> needs: the padded row and its phases, and 64 more
        /// that the stride-2 3-wide path's last vectors may read (their lanes past the row are dropped).
        /// </summary>
        public int ScratchLength => PaddedLength + (StrideWidth == 1 ? 0 : StrideWidth * PhaseLength) + 64;
    }

    /// <summary>output = max pooling of plane; scratch holds at least <see cref="Geometry.ScratchLength"/> floats.</summary>
    public static void Forward(in Geometry g, float* plane, float* output, float* scratch)
    {
        int length = g.PaddedLength, phaseLength = g.PhaseLength, sw = g.StrideWidth, outW = g.OutWidth;
        float* padded = scratch;
        float* phases = sw == 1 ? padded : scratch + length;
        new Span<float>(padded, length).Fill(float.NegativeInfinity);
        float* columns = padded + g.PadLeft;
        for (int oh = 0; oh < g.OutHeight; oh++)
        {
            int hs = oh * g.StrideHeight - g.PadTop, h0 = Math.Max(hs, 0), h1 = Math.Min(hs + g.KernelHeight, g.Height);
            float* row = output + (nint)oh * outW;
            if (h1 <= h0)
            {
                new Span<float>(row, outW).Fill(float.NegativeInfinity);
                continue;
            }
            ColumnMax(plane + (nint)h0 * g.Width, h1 - h0, g.Width, columns);
            if (sw == 2 && g.KernelWidth == 3 && Avx512F.IsSupported)
            {
                Stride2Width3(padded, outW, row);
                continue;
            }
            if (sw == 2 && g.KernelWidth == 3 && outW >= 8 && MaxPoolRow256.IsSupported)
            {
                MaxPoolRow256.Stride2Width3(padded, outW, row);
                continue;
            }
            if (sw == 2) EvenOdd.Split(padded, length, 0, phaseLength, phases, phases + phaseLength);
            else if (sw > 2) SplitPhases(padded, length, sw, phaseLength, phases);
            // Tap j of output column ow is padded column ow·sw + j: element ow + j / sw of phase j mod sw.
            RunMax(phases, phaseLength, sw, g.KernelWidth, outW, row);
        }
    }

    /// <summary>dst[c] = max over the rows of src[r·width + c].</summary>
    private static void ColumnMax(float* src, int rows, int width, float* dst)
    {
        if (width >= 8 && MaxPoolRow256.IsSupported)
        {
            MaxPoolRow256.ColumnMax(src, rows, width, dst);
            return;
        }
        int c = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; c + 16 <= width; c += 16)
            {
                var m = Vector512.Load(src + c);
                for (int r = 1; r < rows; r++) m = Vector512.Max(m, Vector512.Load(src + (nint)r * width + c));
                m.Store(dst + c);
            }
        if (Avx512F.IsSupported && c < width)
        {
            // The last partial vector masked: no scalar tail (a 111-wide row has 15 columns past its last whole vector).
            var mask = TailMask(width - c);
            var m = Avx512F.MaskLoad(src + c, mask, NegativeInfinity);
            for (int r = 1; r < rows; r++) m = Vector512.Max(m, Avx512F.MaskLoad(src + (nint)r * width + c, mask, NegativeInfinity));
            Avx512F.MaskStore(dst + c, mask, m);
            return;
        }
        if (Vector256.IsHardwareAccelerated)
            for (; c + 8 <= width; c += 8)
            {
                var m = Vector256.Load(src + c);
                for (int r = 1; r < rows; r++) m = Vector256.Max(m, Vector256.Load(src + (nint)r * width + c));
                m.Store(dst + c);
            }
        for (; c < width; c++)
        {
            float m = src[c];
            for (int r = 1; r < rows; r++) m = MathF.Max(m, src[(nint)r * width + c]);
            dst[c] = m;
        }
    }

    /// <summary>row[o] = max over the taps j of phases[(j mod sw)·phaseLength + j / sw + o].</summary>
    private static void RunMax(float* phases, int phaseLength, int sw, int kw, int outW, float* row)
    {
        if (outW >= 8 && MaxPoolRow256.IsSupported)
        {
            MaxPoolRow256.RunMax(phases, phaseLength, sw, kw, outW, row);
            return;
        }
        int o = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; o + 16 <= outW; o += 16)
            {
                var m = Vector512.Load(phases + o);
                for (int j = 1; j < kw; j++) m = Vector512.Max(m, Vector512.Load(phases + (nint)(j % sw) * phaseLength + j / sw + o));
                m.Store(row + o);
            }
        if (Avx512F.IsSupported && o < outW)
        {
            // The last partial vector with a masked store (SPP's 13-wide rows would be 5 scalar windows of 13 taps each);
            // its lanes past the row read the scratch's slack and are dropped.
            var m = Vector512.Load(phases + o);
            for (int j = 1; j < kw; j++) m = Vector512.Max(m, Vector512.Load(phases + (nint)(j % sw) * phaseLength + j / sw + o));
            Avx512F.MaskStore(row + o, TailMask(outW - o), m);
            return;
        }
        if (Vector256.IsHardwareAccelerated)
            for (; o + 8 <= outW; o += 8)
            {
                var m = Vector256.Load(phases + o);
                for (int j = 1; j < kw; j++) m = Vector256.Max(m, Vector256.Load(phases + (nint)(j % sw) * phaseLength + j / sw + o));
                m.Store(row + o);
            }
        for (; o < outW; o++)
        {
            float m = phases[o];
            for (int j = 1; j < kw; j++) m = MathF.Max(m, phases[(nint)(j % sw) * phaseLength + j / sw + o]);
            row[o] = m;
        }
    }

    private static readonly Vector512<float> NegativeInfinity = Vector512.Create(float.NegativeInfinity);

    /// <summary>Lanes [0, count) set, for count &lt; 16.</summary>
    private static Vector512<float> TailMask(int count) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();

    /// <summary>
    /// row[o] = max(padded[2o], padded[2o + 1], padded[2o + 2]), the 3-wide stride-2 window of
    /// SqueezeNet's and ResNet's pools, straight from the padded row: per 16 outputs, four loads
    /// and three two-source permutes (evens, odds, evens one pair on) instead of a phase split.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Stride2Width3(float* padded, int outW, float* row)
    {
        for (int o = 0; o < outW; o += 16)
        {
            float* p = padded + 2 * o;
            var a = Vector512.Load(p);
            var b = Vector512.Load(p + 16);
            var c = Vector512.Load(p + 2);
            var d = Vector512.Load(p + 18);
            var m = Vector512.Max(Vector512.Max(Avx512F.PermuteVar16x32x2(a, EvenOdd.Evens, b), Avx512F.PermuteVar16x32x2(a, EvenOdd.Odds, b)),
                Avx512F.PermuteVar16x32x2(c, EvenOdd.Evens, d));
            if (o + 16 <= outW) m.Store(row + o);
            else Avx512F.MaskStore(row + o, TailMask(outW - o), m);
        }
    }

    /// <summary>phases[q·phaseLength + k] = padded[q + k·stride], −∞ past the padded row.</summary>
    private static void SplitPhases(float* padded, int length, int stride, int phaseLength, float* phases)
    {
        for (int q = 0; q < stride; q++)
            for (int k = 0; k < phaseLength; k++)
            {
                int c = q + k * stride;
                phases[q * phaseLength + k] = c < length ? padded[c] : float.NegativeInfinity;
            }
    }
}
