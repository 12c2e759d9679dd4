using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// An input plane zero-padded on all sides and split by column phase: with horizontal stride
/// s, phase q holds padded columns q, q + s, q + 2s, … side by side, so padded column
/// ow·s + dx is element ow + dx / s of phase dx mod s — contiguous in ow for any stride.
/// Rows are padded rows (the vertical stride is a row step); one row of the layout is its s
/// phase rows one after another, <see cref="Width"/> floats in all.
/// </summary>
internal readonly unsafe struct PhaseLayout
{
    private readonly ConvGeometry _g;
    private readonly int _phaseWidth;

    public PhaseLayout(ConvGeometry g)
    {
        _g = g;
        int paddedWidth = Math.Max(g.PadLeft + g.InWidth, (g.OutWidth - 1) * g.StrideWidth + (g.KernelWidth - 1) * g.DilationWidth + 1);
        Rows = Math.Max(g.PadTop + g.InHeight, (g.OutHeight - 1) * g.StrideHeight + (g.KernelHeight - 1) * g.DilationHeight + 1);
        _phaseWidth = (paddedWidth + g.StrideWidth - 1) / g.StrideWidth;
        Width = _phaseWidth * g.StrideWidth;
    }

    /// <summary>Padded rows.</summary>
    public int Rows { get; }

    /// <summary>Floats per padded row (all phases).</summary>
    public int Width { get; }

    /// <summary>Floats the layout needs.</summary>
    public int Size => Rows * Width;

    /// <summary>
    /// Offset of kernel tap (dy, dx) — padded row oh·sh + dy, padded column ow·sw + dx — from
    /// the element for output (oh, 0) at tap (0, 0), less ow: add ow to it.
    /// </summary>
    public nint Offset(int dy, int dx) => (nint)dy * Width + (nint)(dx % _g.StrideWidth) * _phaseWidth + dx / _g.StrideWidth;

    /// <summary>Copies one input plane into <paramref name="dst"/> (<see cref="Size"/> floats), zeros around it.</summary>
    public void Fill(float* plane, float* dst)
    {
        int s = _g.StrideWidth, w = _g.InWidth, pl = _g.PadLeft, top = _g.PadTop;
        new Span<float>(dst, top * Width).Clear();
        int below = top + _g.InHeight;
        new Span<float>(dst + (nint)below * Width, (Rows - below) * Width).Clear();
        for (int ih = 0; ih < _g.InHeight; ih++)
        {
            float* src = plane + (nint)ih * w;
            float* row = dst + (nint)(ih + top) * Width;
            if (s == 2 && Avx512F.IsSupported)
            {
                FillStride2(src, row);
                continue;
            }
            for (int q = 0; q < s; q++)
            {
                // Phase element k is padded column q + k·s, input column q + k·s − pl.
                float* phase = row + (nint)q * _phaseWidth;
                int k0 = Math.Min(_phaseWidth, pl > q ? (pl - q + s - 1) / s : 0);
                int k1 = Math.Clamp(w - 1 + pl - q < 0 ? 0 : (w - 1 + pl - q) / s + 1, k0, _phaseWidth);
                new Span<float>(phase, k0).Clear();
                if (s == 1) new ReadOnlySpan<float>(src + k0 - pl, k1 - k0).CopyTo(new Span<float>(phase + k0, k1 - k0));
                else for (int k = k0; k < k1; k++) phase[k] = src[q + k * s - pl];
                new Span<float>(phase + k1, _phaseWidth - k1).Clear();
            }
        }
    }

    /// <summary>
    /// Stride 2 (MobileNet's downsampling depthwise convolutions): 32 input columns become 16
    /// even and 16 odd ones with two permutes instead of 32 scattered stores.
    /// </summary>
    private void FillStride2(float* src, float* row)
    {
        int w = _g.InWidth, pl = _g.PadLeft;
        new Span<float>(row, Width).Clear();
        // Input column iw is padded column iw + pl: phase (iw + pl) & 1, element (iw + pl) >> 1.
        float* even = row + (nint)(pl & 1) * _phaseWidth, odd = row + (nint)(1 - (pl & 1)) * _phaseWidth;
        var evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var odds = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
        int iw = 0;
        for (; iw + 32 <= w; iw += 32)
        {
            var a = Vector512.Load(src + iw);
            var b = Vector512.Load(src + iw + 16);
            Avx512F.PermuteVar16x32x2(a, evens, b).Store(even + ((iw + pl) >> 1));
            Avx512F.PermuteVar16x32x2(a, odds, b).Store(odd + ((iw + 1 + pl) >> 1));
        }
        for (; iw < w; iw++) row[(nint)((iw + pl) & 1) * _phaseWidth + ((iw + pl) >> 1)] = src[iw];
    }
}
