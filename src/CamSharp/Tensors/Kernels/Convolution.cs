using System.Buffers;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// 2-D convolution (NCHW) and its input gradient as GEMMs, per batch item and group:
/// Y_g = W_g · im2col(X_g) + bias (im2col packed block by block inside the GEMM),
/// dX_g = col2im(W_gᵀ · dY_g). A 1×1 stride-1 unpadded kernel skips im2col (the planes are
/// the operand); depthwise, narrow (few output channels) and shallow (small K) go to direct kernels.
/// </summary>
internal static unsafe class Convolution
{
    /// <summary>Whether <see cref="Forward"/> uses GEMM (and so packed weights) for this geometry.</summary>
    public static bool UsesGemm(ConvGeometry g) => !g.IsDepthwise;

    /// <summary>W_g (OutChannelsPerGroup × Depth) packed once per group, for <see cref="Forward"/>.</summary>
    public static PackedMatrix[] PackWeights(ConvGeometry g, ReadOnlySpan<float> w) => Pack(g, w, transposed: false);

    /// <summary>W_gᵀ (Depth × OutChannelsPerGroup) packed once per group, for <see cref="BackwardData"/>.</summary>
    public static PackedMatrix[] PackWeightsTransposed(ConvGeometry g, ReadOnlySpan<float> w) => Pack(g, w, transposed: true);

    /// <summary>Whether <see cref="Forward"/> runs <see cref="DirectConv"/> (and so reads <see cref="DirectConvWeights"/> when given).</summary>
    public static bool UsesDirect(ConvGeometry g) =>
        !g.IsDepthwise && ((!NarrowConv.Applies(g) && DirectConv.Applies(g)) || DirectConv256.Applies(g));

    /// <summary>Whether <see cref="Forward"/> runs <see cref="ChannelLaneConv"/> (and so reads its <see cref="ChannelPanelWeights"/> when given).</summary>
    public static bool UsesChannelLanes(ConvGeometry g) =>
        !g.IsDepthwise && !Pointwise.Applies(g) && !NarrowConv.Applies(g) && !DirectConv.Applies(g) && !DirectConv256.Applies(g) && !SmallMapConv.Applies(g)
        && ChannelLaneConv.Applies(g);

    /// <summary>Whether <see cref="Forward"/> runs <see cref="Pointwise"/> (and so reads <see cref="ChannelPanelWeights"/> when given).</summary>
    public static bool UsesPointwise(ConvGeometry g) => Pointwise.Applies(g);

    /// <summary>Whether <see cref="Forward"/> runs <see cref="SmallMapConv"/> (and so reads <see cref="SmallMapWeights"/> when given).</summary>
    public static bool UsesSmallMap(ConvGeometry g) =>
        !g.IsDepthwise && !Pointwise.Applies(g) && !NarrowConv.Applies(g) && !DirectConv.Applies(g) && !DirectConv256.Applies(g) && SmallMapConv.Applies(g);

    /// <summary>
    /// y = f(conv(x, w) + bias), f the fused activation (none by default);
    /// <paramref name="packed"/> is null or from <see cref="PackWeights"/>, <paramref name="direct"/>
    /// null or w ordered for <see cref="DirectConv"/>, <paramref name="pointwise"/> null or w
    /// ordered for <see cref="Pointwise"/>, <paramref name="smallMap"/> null or w packed for <see cref="SmallMapConv"/>,
    /// <paramref name="channelLanes"/> null or w packed for <see cref="ChannelLaneConv"/>.
    /// </summary>
    public static void Forward(ConvGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, PackedMatrix[]? packed,
        ReadOnlySpan<float> bias, Span<float> y, Activation activation = default, DirectConvWeights? direct = null,
        ChannelPanelWeights? pointwise = null, SmallMapWeights? smallMap = null, ChannelPanelWeights? channelLanes = null)
    {
        fixed (float* px = x, pw = w, pb = bias, py = y)
        {
            if (g.IsDepthwise)
            {
                DepthwiseConv.Forward(g, px, pw, bias.IsEmpty ? null : pb, py, activation);
                return;
            }
            if (Pointwise.Applies(g))
            {
                Pointwise.Forward(g, px, pointwise ?? new ChannelPanelWeights(g.OutChannels, g.Depth, w, Pointwise.PanelWidth), bias.IsEmpty ? null : pb, py, activation);
                return;
            }
            if (NarrowConv.Applies(g))
            {
                NarrowConv.Forward(g, px, pw, bias.IsEmpty ? null : pb, py, activation);
                return;
            }
            if (DirectConv.Applies(g))
            {
                if (direct is null) DirectConv.Forward(g, px, pw, bias.IsEmpty ? null : pb, py, activation);
                else DirectConv.Forward(g, px, direct, bias.IsEmpty ? null : pb, py, activation);
                return;
            }
            if (DirectConv256.Applies(g))
            {
                if (direct is null) DirectConv256.Forward(g, px, pw, bias.IsEmpty ? null : pb, py, activation);
                else DirectConv256.Forward(g, px, direct, bias.IsEmpty ? null : pb, py, activation);
                return;
            }
            if (SmallMapConv.Applies(g))
            {
                SmallMapConv.Forward(g, px, smallMap ?? new SmallMapWeights(g.OutChannels, g.Depth, w), bias.IsEmpty ? null : pb, py, activation);
                return;
            }
            if (ChannelLaneConv.Applies(g))
            {
                ChannelLaneConv.Forward(g, px, channelLanes ?? ChannelLaneConv.PackWeights(g, w), bias.IsEmpty ? null : pb, py, activation);
                return;
            }
            if (g.Batch > 1 && g.OutSize < BatchedBelow)
            {
                ForwardBatched(g, px, w, packed, bias, y, activation);
                return;
            }
            int mg = g.OutChannelsPerGroup, kg = g.Depth, n = g.OutSize;
            var layout = new PhaseLayout(g);
            bool phased = !g.IsPointwise && PhaseIm2Col.Worthwhile(g, layout);
            for (int b = 0; b < g.Batch; b++)
            {
                if (phased)
                {
                    PhaseIm2Col.Forward(g, layout, px + (nint)b * g.InChannels * g.InSize, w, packed, bias, y.Slice(b * g.OutChannels * n, g.OutChannels * n), activation);
                    continue;
                }
                for (int grp = 0; grp < g.Group; grp++)
                {
                    float* xg = px + ((nint)b * g.InChannels + grp * g.InChannelsPerGroup) * g.InSize;
                    var yg = y.Slice((b * g.OutChannels + grp * mg) * n, mg * n);
                    var biasG = bias.IsEmpty ? default : bias.Slice(grp * mg, mg);
                    var wg = packed is null ? w.Slice(grp * mg * kg, mg * kg) : default;
                    var pg = packed?[grp];
                    if (g.IsPointwise) Sgemm.Multiply(pg, wg, mg, kg, new MatrixB(xg, n, false), n, yg, n, biasG, activation);
                    else Sgemm.Multiply(pg, wg, mg, kg, new Im2ColPacker(g, xg), n, yg, n, biasG, activation);
                }
            }
        }
    }

    /// <summary>Per-image outputs narrower than this are computed for the whole batch in one GEMM.</summary>
    private const int BatchedBelow = 1024;

    /// <summary>
    /// Small feature maps (7×7 in a late stage) would leave most of each image's column
    /// panels empty; one GEMM over all images' columns fills them and reads the weights once.
    /// The result is M × (batch·N), scattered back to batch-major afterwards.
    /// </summary>
    private static void ForwardBatched(ConvGeometry g, float* px, ReadOnlySpan<float> w, PackedMatrix[]? packed,
        ReadOnlySpan<float> bias, Span<float> y, Activation activation)
    {
        int mg = g.OutChannelsPerGroup, kg = g.Depth, n = g.OutSize, columns = g.Batch * n;
        float[] temp = ArrayPool<float>.Shared.Rent(mg * columns);
        try
        {
            for (int grp = 0; grp < g.Group; grp++)
            {
                float* xg = px + (nint)grp * g.InChannelsPerGroup * g.InSize;
                var biasG = bias.IsEmpty ? default : bias.Slice(grp * mg, mg);
                var wg = packed is null ? w.Slice(grp * mg * kg, mg * kg) : default;
                var packer = new Im2ColPacker(g, xg, (nint)g.InChannels * g.InSize);
                Sgemm.Multiply(packed?[grp], wg, mg, kg, packer, columns, temp.AsSpan(0, mg * columns), columns, biasG, activation);
                for (int b = 0; b < g.Batch; b++)
                    for (int m = 0; m < mg; m++)
                        temp.AsSpan(m * columns + b * n, n).CopyTo(y.Slice((b * g.OutChannels + grp * mg + m) * n, n));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(temp);
        }
    }

    /// <summary>dx = ∂(Σ dy·y)/∂x; <paramref name="packedTransposed"/> is null or from <see cref="PackWeightsTransposed"/>.</summary>
    public static void BackwardData(ConvGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, PackedMatrix[]? packedTransposed, Span<float> dx)
    {
        fixed (float* pdy = dy, pw = w, pdx = dx)
        {
            if (g.IsDepthwise)
            {
                DepthwiseConv.BackwardData(g, pdy, pw, pdx);
                return;
            }
            int mg = g.OutChannelsPerGroup, kg = g.Depth, n = g.OutSize;
            float[]? col = g.IsPointwise ? null : ArrayPool<float>.Shared.Rent(Math.Max(kg * n, 1));
            if (col is not null) dx.Clear(); // col2im accumulates overlapping windows
            try
            {
                fixed (float* pcol = col)
                {
                    for (int b = 0; b < g.Batch; b++)
                    {
                        for (int grp = 0; grp < g.Group; grp++)
                        {
                            var dyg = dy.Slice((b * g.OutChannels + grp * mg) * n, mg * n);
                            int xOffset = (b * g.InChannels + grp * g.InChannelsPerGroup) * g.InSize;
                            // Pointwise: the column matrix is the input gradient itself.
                            var target = col is null ? dx.Slice(xOffset, kg * n) : col.AsSpan(0, kg * n);
                            if (packedTransposed is not null) Sgemm.Multiply(packedTransposed[grp], false, n, 1f, dyg, n, 0f, target, n);
                            else Sgemm.Multiply(true, false, kg, n, mg, 1f, w.Slice(grp * mg * kg, mg * kg), kg, dyg, n, 0f, target, n);
                            if (col is not null) Col2Im.Run(g, pcol, pdx + xOffset);
                        }
                    }
                }
            }
            finally
            {
                if (col is not null) ArrayPool<float>.Shared.Return(col);
            }
        }
    }

    private static PackedMatrix[] Pack(ConvGeometry g, ReadOnlySpan<float> w, bool transposed)
    {
        int mg = g.OutChannelsPerGroup, kg = g.Depth;
        var groups = new PackedMatrix[g.Group];
        for (int grp = 0; grp < g.Group; grp++)
        {
            var wg = w.Slice(grp * mg * kg, mg * kg);
            groups[grp] = transposed ? Sgemm.PackA(true, kg, mg, wg, kg) : Sgemm.PackA(false, mg, kg, wg, kg);
        }
        return groups;
    }
}
