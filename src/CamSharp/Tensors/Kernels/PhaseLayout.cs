using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// An input plane zero-padded on all sides and split by phase on both axes: with strides
/// (sh, sw), phase plane (a, b) holds padded rows a, a + sh, … and of each the padded columns
/// b, b + sw, …. Padded element (oh·sh + dy, ow·sw + dx) is then element (oh + dy / sh,
/// ow + dx / sw) of phase plane (dy mod sh, dx mod sw): for a fixed tap, output row oh is a
/// contiguous run starting <see cref="RowStep"/> floats after row oh − 1, for any stride.
/// Read as one long row, a tap's runs for all output rows are also contiguous, with
/// RowStep − OutWidth columns between rows that belong to no output (the "wide" im2col of
/// <see cref="PhaseIm2ColPacker"/>).
/// </summary>
internal readonly unsafe struct PhaseLayout
{
    private readonly ConvGeometry _g;

    // Phases some tap reads (bit a of rows, bit b of columns); the others are left unwritten.
    // A 1×1 stride-2 convolution reads one phase plane of four.
    private readonly ulong _rowPhases, _columnPhases;

    public PhaseLayout(ConvGeometry g)
    {
        _g = g;
        int paddedWidth = Math.Max(g.PadLeft + g.InWidth, (g.OutWidth - 1) * g.StrideWidth + (g.KernelWidth - 1) * g.DilationWidth + 1);
        int paddedRows = Math.Max(g.PadTop + g.InHeight, (g.OutHeight - 1) * g.StrideHeight + (g.KernelHeight - 1) * g.DilationHeight + 1);
        RowStep = (paddedWidth + g.StrideWidth - 1) / g.StrideWidth;
        PhaseRows = (paddedRows + g.StrideHeight - 1) / g.StrideHeight;
        PlaneSize = PhaseRows * RowStep;
        // A wide run of the last tap reads up to (kw − 1)·dw / sw ≤ RowStep floats past the last plane.
        Size = g.StrideHeight * g.StrideWidth * PlaneSize + RowStep;
        _rowPhases = UsedPhases(g.KernelHeight, g.DilationHeight, g.StrideHeight);
        _columnPhases = UsedPhases(g.KernelWidth, g.DilationWidth, g.StrideWidth);
    }

    private static ulong UsedPhases(int taps, int dilation, int stride)
    {
        if (stride > 64) return ulong.MaxValue;
        ulong used = 0;
        for (int i = 0; i < taps; i++) used |= 1UL << (i * dilation % stride);
        return used;
    }

    private static bool Has(ulong phases, int phase) => phase >= 64 || (phases >> phase & 1) != 0;

    /// <summary>Floats in one phase row, and the step from one output row to the next.</summary>
    public int RowStep { get; }

    /// <summary>Rows of each phase plane.</summary>
    public int PhaseRows { get; }

    /// <summary>Floats in one phase plane.</summary>
    public int PlaneSize { get; }

    /// <summary>Floats the layout needs (all phase planes and a zeroed tail).</summary>
    public int Size { get; }

    /// <summary>Columns of the wide reading: OutHeight rows of RowStep (≥ OutWidth) each.</summary>
    public int WideColumns => _g.OutHeight * RowStep;

    /// <summary>
    /// Offset of kernel tap (dy, dx) — padded row oh·sh + dy, padded column ow·sw + dx — from
    /// the layout's start for output (0, 0): add oh·<see cref="RowStep"/> + ow to it.
    /// </summary>
    public nint Offset(int dy, int dx)
    {
        int sh = _g.StrideHeight, sw = _g.StrideWidth;
        return ((nint)(dy % sh) * sw + dx % sw) * PlaneSize + (nint)(dy / sh) * RowStep + dx / sw;
    }

    /// <summary>
    /// Copies one input plane into <paramref name="dst"/> (<see cref="Size"/> floats), zeros
    /// around it. Phase planes no tap reads are left as they were.
    /// </summary>
    public void Fill(float* plane, float* dst)
    {
        int sh = _g.StrideHeight, sw = _g.StrideWidth, top = _g.PadTop;
        for (int a = 0; a < sh; a++)
        {
            if (!Has(_rowPhases, a)) continue;
            for (int u = 0; u < PhaseRows; u++)
            {
                int ih = u * sh + a - top;
                float* first = dst + (nint)a * sw * PlaneSize + (nint)u * RowStep;
                if ((uint)ih >= (uint)_g.InHeight)
                {
                    for (int b = 0; b < sw; b++)
                        if (Has(_columnPhases, b)) new Span<float>(first + (nint)b * PlaneSize, RowStep).Clear();
                    continue;
                }
                float* src = plane + (nint)ih * _g.InWidth;
                if (sw == 2 && _columnPhases == 3 && Avx512F.IsSupported) FillStride2(src, first, first + PlaneSize);
                // AVX2: the even/odd split with in-lane shuffles (yolov8n's stride-2 3×3s spent 4 % of the forward in FillRow's scalar loop).
                else if (sw == 2 && _columnPhases == 3 && Avx2.IsSupported) EvenOdd.Split(src, _g.InWidth, _g.PadLeft, RowStep, first, first + PlaneSize);
                else FillRow(src, first);
            }
        }
        new Span<float>(dst + (nint)sh * sw * PlaneSize, RowStep).Clear();
    }

    /// <summary>One input row into its sw phase rows, PlaneSize apart.</summary>
    private void FillRow(float* src, float* first)
    {
        int s = _g.StrideWidth, w = _g.InWidth, pl = _g.PadLeft;
        for (int q = 0; q < s; q++)
        {
            if (!Has(_columnPhases, q)) continue;
            // Phase element k is padded column q + k·s, input column q + k·s − pl.
            float* phase = first + (nint)q * PlaneSize;
            int k0 = Math.Min(RowStep, pl > q ? (pl - q + s - 1) / s : 0);
            int k1 = Math.Clamp(w - 1 + pl - q < 0 ? 0 : (w - 1 + pl - q) / s + 1, k0, RowStep);
            new Span<float>(phase, k0).Clear();
            if (s == 1) new ReadOnlySpan<float>(src + k0 - pl, k1 - k0).CopyTo(new Span<float>(phase + k0, k1 - k0));
            else for (int k = k0; k < k1; k++) phase[k] = src[q + k * s - pl];
            new Span<float>(phase + k1, RowStep - k1).Clear();
        }
    }

    /// <summary>
    /// Stride 2 (downsampling convolutions): 32 input columns become 16 even and 16 odd ones
    /// with two permutes instead of 32 scattered stores.
    /// </summary>
    private void FillStride2(float* src, float* phase0, float* phase1)
    {
        int w = _g.InWidth, pl = _g.PadLeft;
        new Span<float>(phase0, RowStep).Clear();
        new Span<float>(phase1, RowStep).Clear();
        // Input column iw is padded column iw + pl: phase (iw + pl) & 1, element (iw + pl) >> 1.
        float* even = (pl & 1) == 0 ? phase0 : phase1, odd = (pl & 1) == 0 ? phase1 : phase0;
        int iw = 0;
        for (; iw + 32 <= w; iw += 32)
        {
            var a = Vector512.Load(src + iw);
            var b = Vector512.Load(src + iw + 16);
            Avx512F.PermuteVar16x32x2(a, EvenOdd.Evens, b).Store(even + ((iw + pl) >> 1));
            Avx512F.PermuteVar16x32x2(a, EvenOdd.Odds, b).Store(odd + ((iw + 1 + pl) >> 1));
        }
        for (; iw < w; iw++) (((iw + pl) & 1) == 0 ? phase0 : phase1)[(iw + pl) >> 1] = src[iw];
    }
}
