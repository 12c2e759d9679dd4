using System.Runtime.Intrinsics;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// One work item of <see cref="Pointwise"/> on AVX2: output channels [6·p0, 6·p1) × pixels [n0, n1) of one image
/// in <see cref="PointwiseKernel256"/> tiles of 6 channels × 16 pixels, bias and Relu/Clip fused, SiLU as a second
/// pass over each tile while it is in L1.
/// </summary>
internal static unsafe class PointwiseBlock256
{
    private const int MR = PointwiseKernel256.MR, NR = PointwiseKernel256.NR;

    /// <summary><paramref name="bias"/> is null or M values.</summary>
    public static void Run(ConvGeometry g, float* x, ChannelPanelWeights w, float* bias, float* y, Activation activation,
        int p0, int p1, int n0, int n1)
    {
        var (clamp, lo, hi) = activation.Kind switch
        {
            ActivationKind.Relu => (true, 0f, float.PositiveInfinity),
            ActivationKind.Clip => (true, activation.Lo, activation.Hi),
            _ => (false, 0f, 0f),
        };
        bool silu = activation.Kind == ActivationKind.Silu;
        int fullEnd = n0 + (n1 - n0) / NR * NR, width = n1 - fullEnd;
        var full = new PointwiseKernel256.Epilogue(clamp, lo, hi, default, default);
        var edge = new PointwiseKernel256.Epilogue(clamp, lo, hi, LaneMask(width), LaneMask(width - 8));
        var tile = new Tile(g, x, w, bias, y, silu);
        // Each panel's weights stay in L1 while it sweeps the item's strips (strips outside and panels inside lost on every
        // map above 28×28: 16→96 on 112×112 took 4.8 ms against 1.1, the output rows of all panels being far-apart streams).
        for (int p = p0; p < p1; p++)
        {
            for (int j = n0; j < fullEnd; j += NR) tile.Run(p, j, NR, full);
            if (width > 0) tile.Run(p, fullEnd, width, edge);
        }
    }

    /// <summary>The operands of one image, to run a tile of them.</summary>
    private readonly struct Tile(ConvGeometry g, float* x, ChannelPanelWeights w, float* bias, float* y, bool silu)
    {
        /// <summary>Channels [6p, 6p + 6) × pixels [j, j + width), width ≤ 16 (masked below 16).</summary>
        public void Run(int p, int j, int width, in PointwiseKernel256.Epilogue e)
        {
            int m0 = p * MR, rows = Math.Min(MR, g.OutChannels - m0), n = g.OutSize;
            float* a = w.Panels + (nint)p * MR * g.Depth, c = y + (nint)m0 * n + j, b = x + j;
            float* panelBias = bias != null ? bias + m0 : Pointwise.ZeroBiasPointer;
            if (width == NR) Strip<N2, N0>(g.Depth, a, b, n, c, rows, panelBias, e);
            else if (width > 8) Strip<N2, N1>(g.Depth, a, b, n, c, rows, panelBias, e);
            else Strip<N1, N1>(g.Depth, a, b, n, c, rows, panelBias, e);
            // SiLU's constants would not fit beside the 12 accumulators: a second pass over the tile while it is in L1.
            if (silu) Logistic.SiluRows256(c, n, rows, width);
        }
    }

    /// <summary>One strip of 8 or 16 pixels and 1 to 6 channels; input and output planes have the same size, so one stride serves B and C.</summary>
    private static void Strip<TWide, TMasked>(int depth, float* a, float* b, nint ldb, float* c, int rows, float* bias, in PointwiseKernel256.Epilogue e)
        where TWide : struct, IConstant where TMasked : struct, IConstant
    {
        switch (rows)
        {
            case 6: PointwiseKernel256.Run<N6, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, bias, e); break;
            case 5: PointwiseKernel256.Run<N5, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, bias, e); break;
            case 4: PointwiseKernel256.Run<N4, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, bias, e); break;
            case 3: PointwiseKernel256.Run<N3, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, bias, e); break;
            case 2: PointwiseKernel256.Run<N2, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, bias, e); break;
            default: PointwiseKernel256.Run<N1, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, bias, e); break;
        }
    }

    /// <summary>All-ones in the first <paramref name="lanes"/> lanes (clamped to 0..8), zero after.</summary>
    private static Vector256<float> LaneMask(int lanes) => Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(lanes)).AsSingle();
}
