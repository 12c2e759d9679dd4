using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Direct convolution for few output channels (YOLOX's stem: 12 space-to-depth channels in,
/// 16 out, 3×3): as a GEMM its im2col matrix (108 rows × every pixel) is read and written
/// for only 16 rows of weights, so packing costs more than the multiply-adds. Here each input
/// plane is copied once into <see cref="PhaseLayout"/> (padded, split by stride phase), and
/// every output row is computed for four channels at a time in registers: per input channel
/// and tap, four vector loads of the row and four weight broadcasts feed sixteen fused
/// multiply-adds. Accumulation order: bias, then input channels, then taps in row-major order.
/// </summary>
internal static unsafe class NarrowConv
{
    /// <summary>Channels computed together (one register row each).</summary>
    private const int Block = 4;

    /// <summary>
    /// Ungrouped, not 1×1, at most 16 output channels in blocks of four, output rows of at
    /// least one vector, few enough products per output that the weights stay in L1.
    /// </summary>
    public static bool Applies(ConvGeometry g) =>
        Vector512.IsHardwareAccelerated && g.Group == 1 && g.OutChannels <= 16 && g.OutChannels % Block == 0
        && g.KernelHeight * g.KernelWidth > 1 && g.Depth <= 512 && g.OutWidth >= 16;

    /// <summary>y = f(conv(x, w) + bias) for every image.</summary>
    public static void Forward(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation)
    {
        var layout = new PhaseLayout(g);
        int taps = g.KernelHeight * g.KernelWidth, channels = g.InChannels, m = g.OutChannels;
        // Weights as [block][channel][tap][4]: the four broadcasts of a step are adjacent.
        float[] ordered = ArrayPool<float>.Shared.Rent(m * g.Depth);
        nint[] offsets = ArrayPool<nint>.Shared.Rent(taps);
        float[] phases = ArrayPool<float>.Shared.Rent(channels * layout.Size + Vector512<float>.Count);
        try
        {
            for (int o = 0; o < m; o++)
                for (int k = 0; k < g.Depth; k++)
                    ordered[((o / Block) * g.Depth + k) * Block + o % Block] = w[(nint)o * g.Depth + k];
            for (int i = 0; i < g.KernelHeight; i++)
                for (int j = 0; j < g.KernelWidth; j++)
                    offsets[i * g.KernelWidth + j] = layout.Offset(i * g.DilationHeight, j * g.DilationWidth);
            // The last vector of a row reads up to 15 floats past the last plane's wide run.
            phases.AsSpan(channels * layout.Size, Vector512<float>.Count).Clear();
            fixed (float* pw = ordered, pp = phases)
            fixed (nint* po = offsets)
            {
                float* weights = pw, planes = pp;
                nint* tapOffsets = po;
                for (int b = 0; b < g.Batch; b++)
                {
                    float* xb = x + (nint)b * channels * g.InSize, yb = y + (nint)b * m * g.OutSize;
                    CoarseParallel.ForChunks(channels, g.InSize, (c0, c1) =>
                    {
                        for (int c = c0; c < c1; c++) layout.Fill(xb + (nint)c * g.InSize, planes + (nint)c * layout.Size);
                    });
                    CoarseParallel.ForChunks(g.OutHeight, (long)g.OutWidth * m * g.Depth, (r0, r1) =>
                    {
                        for (int r = r0; r < r1; r++)
                            for (int block = 0; block < m / Block; block++)
                                Row(g, layout, planes + (nint)r * layout.RowStep, tapOffsets, taps, weights + (nint)block * g.Depth * Block,
                                    bias == null ? null : bias + block * Block, yb + ((nint)block * Block * g.OutHeight + r) * g.OutWidth, activation);
                    });
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(ordered);
            ArrayPool<nint>.Shared.Return(offsets);
            ArrayPool<float>.Shared.Return(phases);
        }
    }

    /// <summary>One output row of four channels (OutSize apart from <paramref name="y"/>).</summary>
    private static void Row(ConvGeometry g, in PhaseLayout layout, float* row, nint* tapOffsets, int taps, float* w, float* bias,
        float* y, Activation activation)
    {
        int ow = g.OutWidth, channels = g.InChannels;
        nint planeSize = layout.Size, outSize = g.OutSize;
        var b0 = Vector512.Create(bias == null ? 0f : bias[0]);
        var b1 = Vector512.Create(bias == null ? 0f : bias[1]);
        var b2 = Vector512.Create(bias == null ? 0f : bias[2]);
        var b3 = Vector512.Create(bias == null ? 0f : bias[3]);
        int o = 0;
        // Four vectors of the row at once: four broadcasts feed sixteen fused multiply-adds, so the loads keep up.
        for (; o + 64 <= ow; o += 64)
        {
            Vector512<float> a0 = b0, a1 = b1, a2 = b2, a3 = b3, c0 = b0, c1 = b1, c2 = b2, c3 = b3;
            Vector512<float> d0 = b0, d1 = b1, d2 = b2, d3 = b3, e0 = b0, e1 = b1, e2 = b2, e3 = b3;
            float* wk = w;
            for (int c = 0; c < channels; c++)
            {
                float* p = row + c * planeSize + o;
                for (int t = 0; t < taps; t++, wk += Block)
                {
                    float* q = p + tapOffsets[t];
                    var v = Vector512.Load(q);
                    var u = Vector512.Load(q + 16);
                    var s = Vector512.Load(q + 32);
                    var r = Vector512.Load(q + 48);
                    var w0 = Vector512.Create(wk[0]);
                    a0 = Vector512.FusedMultiplyAdd(w0, v, a0); c0 = Vector512.FusedMultiplyAdd(w0, u, c0);
                    d0 = Vector512.FusedMultiplyAdd(w0, s, d0); e0 = Vector512.FusedMultiplyAdd(w0, r, e0);
                    var w1 = Vector512.Create(wk[1]);
                    a1 = Vector512.FusedMultiplyAdd(w1, v, a1); c1 = Vector512.FusedMultiplyAdd(w1, u, c1);
                    d1 = Vector512.FusedMultiplyAdd(w1, s, d1); e1 = Vector512.FusedMultiplyAdd(w1, r, e1);
                    var w2 = Vector512.Create(wk[2]);
                    a2 = Vector512.FusedMultiplyAdd(w2, v, a2); c2 = Vector512.FusedMultiplyAdd(w2, u, c2);
                    d2 = Vector512.FusedMultiplyAdd(w2, s, d2); e2 = Vector512.FusedMultiplyAdd(w2, r, e2);
                    var w3 = Vector512.Create(wk[3]);
                    a3 = Vector512.FusedMultiplyAdd(w3, v, a3); c3 = Vector512.FusedMultiplyAdd(w3, u, c3);
                    d3 = Vector512.FusedMultiplyAdd(w3, s, d3); e3 = Vector512.FusedMultiplyAdd(w3, r, e3);
                }
            }
            a0.Store(y + o); c0.Store(y + o + 16); d0.Store(y + o + 32); e0.Store(y + o + 48);
            a1.Store(y + outSize + o); c1.Store(y + outSize + o + 16); d1.Store(y + outSize + o + 32); e1.Store(y + outSize + o + 48);
            a2.Store(y + 2 * outSize + o); c2.Store(y + 2 * outSize + o + 16); d2.Store(y + 2 * outSize + o + 32); e2.Store(y + 2 * outSize + o + 48);
            a3.Store(y + 3 * outSize + o); c3.Store(y + 3 * outSize + o + 16); d3.Store(y + 3 * outSize + o + 32); e3.Store(y + 3 * outSize + o + 48);
        }
        for (; o + 32 <= ow; o += 32)
        {
            Vector512<float> a0 = b0, a1 = b1, a2 = b2, a3 = b3, c0 = b0, c1 = b1, c2 = b2, c3 = b3;
            float* wk = w;
            for (int c = 0; c < channels; c++)
            {
                float* p = row + c * planeSize + o;
                for (int t = 0; t < taps; t++, wk += Block)
                {
                    var v = Vector512.Load(p + tapOffsets[t]);
                    var u = Vector512.Load(p + tapOffsets[t] + 16);
                    var w0 = Vector512.Create(wk[0]); var w1 = Vector512.Create(wk[1]);
                    var w2 = Vector512.Create(wk[2]); var w3 = Vector512.Create(wk[3]);
                    a0 = Vector512.FusedMultiplyAdd(w0, v, a0); c0 = Vector512.FusedMultiplyAdd(w0, u, c0);
                    a1 = Vector512.FusedMultiplyAdd(w1, v, a1); c1 = Vector512.FusedMultiplyAdd(w1, u, c1);
                    a2 = Vector512.FusedMultiplyAdd(w2, v, a2); c2 = Vector512.FusedMultiplyAdd(w2, u, c2);
                    a3 = Vector512.FusedMultiplyAdd(w3, v, a3); c3 = Vector512.FusedMultiplyAdd(w3, u, c3);
                }
            }
            a0.Store(y + o); c0.Store(y + o + 16);
            a1.Store(y + outSize + o); c1.Store(y + outSize + o + 16);
            a2.Store(y + 2 * outSize + o); c2.Store(y + 2 * outSize + o + 16);
            a3.Store(y + 3 * outSize + o); c3.Store(y + 3 * outSize + o + 16);
        }
        for (; o < ow; o += 16)
        {
            Vector512<float> a0 = b0, a1 = b1, a2 = b2, a3 = b3;
            float* wk = w;
            for (int c = 0; c < channels; c++)
            {
                float* p = row + c * planeSize + o;
                for (int t = 0; t < taps; t++, wk += Block)
                {
                    var v = Vector512.Load(p + tapOffsets[t]);
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[0]), v, a0);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[1]), v, a1);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[2]), v, a2);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.Create(wk[3]), v, a3);
                }
            }
            // A partial last vector: lanes past the row end are masked off (a stack copy cost more than the vector).
            var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(ow - o)).AsSingle();
            Avx512F.MaskStore(y + o, mask, a0);
            Avx512F.MaskStore(y + outSize + o, mask, a1);
            Avx512F.MaskStore(y + 2 * outSize + o, mask, a2);
            Avx512F.MaskStore(y + 3 * outSize + o, mask, a3);
        }
        if (!activation.IsNone)
            for (int k = 0; k < Block; k++) activation.Apply(new Span<float>(y + k * outSize, ow));
    }
}
