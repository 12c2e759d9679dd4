using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The 3×3 depthwise plane (MobileNet, YOLOX, any stride or dilation) with AVX-512: the nine
/// weights and tap offsets live in registers, two output vectors are summed at once so their
/// fused multiply-adds overlap, and a row's last partial vector is a full vector too (the
/// phase layout is read up to 15 floats past a row; the lanes past the row end are written
/// into the following rows, which are computed after, or masked off at the plane's end).
/// Small maps (7×7, 14×14, 28×28) thus run no scalar tail at all.
/// </summary>
internal static unsafe class Depthwise3x3
{
    public static bool Applies(ConvGeometry g) =>
        Vector512.IsHardwareAccelerated && g.KernelHeight == 3 && g.KernelWidth == 3;

    /// <summary>Floats past <see cref="PhaseLayout.Size"/> that a plane's reads may touch (their values are never used).</summary>
    public const int ReadPast = 16;

    /// <summary>One output plane from the padded, phase-split input: y = bias + Σ w[t]·x[tap t].</summary>
    public static void ForwardPlane(ConvGeometry g, in PhaseLayout layout, float* phases, float* w, float bias, float* y)
    {
        int dh = g.DilationHeight, dw = g.DilationWidth, ow = g.OutWidth, oh = g.OutHeight;
        nint t0 = layout.Offset(0, 0), t1 = layout.Offset(0, dw), t2 = layout.Offset(0, 2 * dw);
        nint t3 = layout.Offset(dh, 0), t4 = layout.Offset(dh, dw), t5 = layout.Offset(dh, 2 * dw);
        nint t6 = layout.Offset(2 * dh, 0), t7 = layout.Offset(2 * dh, dw), t8 = layout.Offset(2 * dh, 2 * dw);
        var w0 = Vector512.Create(w[0]); var w1 = Vector512.Create(w[1]); var w2 = Vector512.Create(w[2]);
        var w3 = Vector512.Create(w[3]); var w4 = Vector512.Create(w[4]); var w5 = Vector512.Create(w[5]);
        var w6 = Vector512.Create(w[6]); var w7 = Vector512.Create(w[7]); var w8 = Vector512.Create(w[8]);
        var b = Vector512.Create(bias);
        for (int r = 0; r < oh; r++)
        {
            float* row = phases + (nint)r * layout.RowStep;
            float* yrow = y + (nint)r * ow;
            int o = 0;
            for (; o + 32 <= ow; o += 32)
            {
                float* p = row + o;
                var a = b; var c = b;
                a = Vector512.FusedMultiplyAdd(w0, Vector512.Load(p + t0), a); c = Vector512.FusedMultiplyAdd(w0, Vector512.Load(p + t0 + 16), c);
                a = Vector512.FusedMultiplyAdd(w1, Vector512.Load(p + t1), a); c = Vector512.FusedMultiplyAdd(w1, Vector512.Load(p + t1 + 16), c);
                a = Vector512.FusedMultiplyAdd(w2, Vector512.Load(p + t2), a); c = Vector512.FusedMultiplyAdd(w2, Vector512.Load(p + t2 + 16), c);
                a = Vector512.FusedMultiplyAdd(w3, Vector512.Load(p + t3), a); c = Vector512.FusedMultiplyAdd(w3, Vector512.Load(p + t3 + 16), c);
                a = Vector512.FusedMultiplyAdd(w4, Vector512.Load(p + t4), a); c = Vector512.FusedMultiplyAdd(w4, Vector512.Load(p + t4 + 16), c);
                a = Vector512.FusedMultiplyAdd(w5, Vector512.Load(p + t5), a); c = Vector512.FusedMultiplyAdd(w5, Vector512.Load(p + t5 + 16), c);
                a = Vector512.FusedMultiplyAdd(w6, Vector512.Load(p + t6), a); c = Vector512.FusedMultiplyAdd(w6, Vector512.Load(p + t6 + 16), c);
                a = Vector512.FusedMultiplyAdd(w7, Vector512.Load(p + t7), a); c = Vector512.FusedMultiplyAdd(w7, Vector512.Load(p + t7 + 16), c);
                a = Vector512.FusedMultiplyAdd(w8, Vector512.Load(p + t8), a); c = Vector512.FusedMultiplyAdd(w8, Vector512.Load(p + t8 + 16), c);
                a.Store(yrow + o);
                c.Store(yrow + o + 16);
            }
            for (; o < ow; o += 16)
            {
                float* p = row + o;
                var a = b;
                a = Vector512.FusedMultiplyAdd(w0, Vector512.Load(p + t0), a);
                a = Vector512.FusedMultiplyAdd(w1, Vector512.Load(p + t1), a);
                a = Vector512.FusedMultiplyAdd(w2, Vector512.Load(p + t2), a);
                a = Vector512.FusedMultiplyAdd(w3, Vector512.Load(p + t3), a);
                a = Vector512.FusedMultiplyAdd(w4, Vector512.Load(p + t4), a);
                a = Vector512.FusedMultiplyAdd(w5, Vector512.Load(p + t5), a);
                a = Vector512.FusedMultiplyAdd(w6, Vector512.Load(p + t6), a);
                a = Vector512.FusedMultiplyAdd(w7, Vector512.Load(p + t7), a);
                a = Vector512.FusedMultiplyAdd(w8, Vector512.Load(p + t8), a);
                if ((nint)r * ow + o + 16 <= (nint)oh * ow)
                {
                    // Lanes past the row end land in later rows of this plane, computed after this.
                    a.Store(yrow + o);
                }
                else
                {
                    // The plane's last vector: lanes past its end are masked off (the next plane may be another thread's).
                    Avx512F.MaskStore(yrow + o, Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(ow - o)).AsSingle(), a);
                }
            }
        }
    }
}
