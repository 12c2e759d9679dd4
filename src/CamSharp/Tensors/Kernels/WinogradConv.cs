using System.Buffers;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// 3×3 stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray,
/// 2015): each 2×2 output tile costs 16 multiplies per input channel instead of 36, so the
/// GEMM work falls 2.25×. Per chunk of tile rows: transform the 4×4 input tiles (V = BᵀdB),
/// run 16 independent GEMMs M_ξ = U_ξ·V_ξ (U = G g Gᵀ, packed once per weight tensor), and
/// transform back (Y = AᵀMA) with bias and activation. Transforms are in <see cref="WinogradTransforms"/>.
/// The input gradient of such a convolution is again one (<see cref="BackwardGeometry"/>).
/// </summary>
public static unsafe class WinogradConv
{
    /// <summary>Coefficients per tile: the 4×4 transformed tile.</summary>
    internal const int Xi = 16;

    /// <summary>Channels below this give GEMMs too shallow to gain over im2col.</summary>
    private const int MinChannels = 16;

    /// <summary>Fewer tiles than this (over the whole batch) leave the 16 GEMMs' column panels mostly empty.</summary>
    private const int MinTiles = 48;

    /// <summary>Floats of transformed input and output held per chunk (16 MiB).</summary>
    private const long ChunkFloats = 1 << 22;

    /// <summary>Whether <see cref="Forward"/> handles this convolution and is worth it.</summary>
    public static bool Applies(ConvGeometry g) =>
        g.Group == 1 && g.KernelHeight == 3 && g.KernelWidth == 3 && g.StrideHeight == 1 && g.StrideWidth == 1
        && g.DilationHeight == 1 && g.DilationWidth == 1 && g.InHeight > 1
        && g.InChannels >= MinChannels && g.OutChannels >= MinChannels
        && (long)g.Batch * TilesHigh(g) * TilesWide(g) >= MinTiles;

    /// <summary>
    /// The input gradient of a 3×3 stride-1 convolution as a convolution of the output
    /// gradient: weights flipped and transposed (<see cref="TransformWeightsForBackward"/>),
    /// pads 2 − pad, output the input's size.
    /// </summary>
    public static ConvGeometry BackwardGeometry(ConvGeometry g) => new(
        g.Batch, g.OutChannels, g.OutHeight, g.OutWidth, g.InChannels, 1, 3, 3, 1, 1, 1, 1,
        2 - g.PadTop, 2 - g.PadLeft, g.InHeight, g.InWidth);

    /// <summary>U_ξ = (G g Gᵀ)_ξ for every (m, c), packed as 16 M×C GEMM operands; w is M×C×3×3.</summary>
    public static WinogradWeights TransformWeights(int outChannels, int inChannels, ReadOnlySpan<float> w) =>
        Transform(outChannels, inChannels, w, flipTranspose: false);

    /// <summary>The weights of <see cref="BackwardGeometry"/>: W'[c, m, i, j] = W[m, c, 2 − i, 2 − j], transformed.</summary>
    public static WinogradWeights TransformWeightsForBackward(int outChannels, int inChannels, ReadOnlySpan<float> w) =>
        Transform(inChannels, outChannels, w, flipTranspose: true);

    /// <summary>y = f(conv(x, w) + bias) for a geometry where <see cref="Applies"/> holds (any pads).</summary>
    public static void Forward(ConvGeometry g, ReadOnlySpan<float> x, WinogradWeights u, ReadOnlySpan<float> bias, Span<float> y,
        Activation activation = default) => Run(g, x, u, bias, y, activation, ChunkFloats);

    /// <summary>As <see cref="Forward"/>, holding at most about <paramref name="chunkFloats"/> transformed values at once.</summary>
    internal static void Run(ConvGeometry g, ReadOnlySpan<float> x, WinogradWeights u, ReadOnlySpan<float> bias, Span<float> y,
        Activation activation, long chunkFloats)
    {
        if (u.OutChannels != g.OutChannels || u.InChannels != g.InChannels)
            throw new ArgumentException($"Winograd weights are {u.OutChannels}×{u.InChannels}, the convolution {g.OutChannels}×{g.InChannels}.");
        int c = g.InChannels, m = g.OutChannels, tilesW = TilesWide(g), tilesH = TilesHigh(g);
        int tileRows = g.Batch * tilesH;
        long perRow = (long)Xi * (c + m) * tilesW;
        int rowsPerChunk = (int)Math.Clamp(chunkFloats / perRow, 1, tileRows);
        int most = rowsPerChunk * tilesW;
        float[] v = ArrayPool<float>.Shared.Rent(Xi * c * most);
        float[] product = ArrayPool<float>.Shared.Rent(Xi * m * most);
        try
        {
            fixed (float* px = x, pb = bias, py = y, pv = v, pm = product)
            {
                var run = new Chunk(g, px, bias.IsEmpty ? null : pb, py, pv, pm, tilesW, tilesH, activation);
                for (int r0 = 0; r0 < tileRows; r0 += rowsPerChunk)
                    run.Compute(u, r0, Math.Min(rowsPerChunk, tileRows - r0));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(v);
            ArrayPool<float>.Shared.Return(product);
        }
    }

    internal static int TilesWide(ConvGeometry g) => (g.OutWidth + 1) / 2;

    internal static int TilesHigh(ConvGeometry g) => (g.OutHeight + 1) / 2;

    /// <summary>One chunk of tile rows (a tile row: image b, output rows 2·th and 2·th + 1) through the three phases.</summary>
    private sealed class Chunk(ConvGeometry g, float* x, float* bias, float* y, float* v, float* product, int tilesW, int tilesH,
        Activation activation)
    {
        public void Compute(WinogradWeights u, int firstRow, int rows)
        {
            int columns = rows * tilesW;
            nint vStride = (nint)g.InChannels * columns, mStride = (nint)g.OutChannels * columns;
            long rowCost = (long)rows * tilesW * 64;
            // Phase 1: V_ξ[c, tile], one input channel at a time.
            CoarseParallel.ForChunks(g.InChannels, rowCost, (c0, c1) => WithScratch(WinogradTransforms.InputScratch(tilesW), lines =>
            {
                for (int ch = c0; ch < c1; ch++)
                    for (int r = 0; r < rows; r++)
                    {
                        var (b, th) = Locate(firstRow + r);
                        float* plane = x + ((nint)b * g.InChannels + ch) * g.InSize;
                        WinogradTransforms.InputRow(plane, g.InHeight, g.InWidth, g.PadTop, g.PadLeft, th, tilesW, lines,
                            v + (nint)ch * columns + (nint)r * tilesW, vStride);
                    }
            }));
            // Phase 2: sixteen independent GEMMs, one thread each.
            Parallel.For(0, Xi, xi =>
            {
                var vXi = new ReadOnlySpan<float>(v + xi * vStride, (int)vStride);
                var mXi = new Span<float>(product + xi * mStride, (int)mStride);
                Sgemm.Multiply(u.Packed[xi], 1, false, columns, 1f, vXi, columns, 0f, mXi, columns, default);
            });
            // Phase 3: Y = AᵀMA + bias, then the activation, one output channel at a time.
            CoarseParallel.ForChunks(g.OutChannels, rowCost, (m0, m1) => WithScratch(WinogradTransforms.OutputScratch(tilesW), lines =>
            {
                for (int oc = m0; oc < m1; oc++)
                    for (int r = 0; r < rows; r++)
                    {
                        var (b, th) = Locate(firstRow + r);
                        float* plane = y + ((nint)b * g.OutChannels + oc) * g.OutSize;
                        WinogradTransforms.OutputRow(product + (nint)oc * columns + (nint)r * tilesW, mStride,
                            bias == null ? 0f : bias[oc], plane, g.OutHeight, g.OutWidth, th, tilesW, lines, activation);
                    }
            }));
        }

        /// <summary>Image and tile row of a global tile row.</summary>
        private (int Image, int TileRow) Locate(int row) => (row / tilesH, row % tilesH);

        private delegate void ScratchBody(float* lines);

        private static void WithScratch(int floats, ScratchBody body)
        {
            float[] lines = ArrayPool<float>.Shared.Rent(floats);
            try
            {
                fixed (float* pl = lines) body(pl);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(lines);
            }
        }
    }

    private static WinogradWeights Transform(int rows, int depth, ReadOnlySpan<float> w, bool flipTranspose)
    {
        // rows × depth GEMM operand per ξ: forward rows = M, depth = C; backward rows = C, depth = M.
        if (w.Length < rows * depth * 9) throw new ArgumentException($"Weights have {w.Length} values, expected {rows * depth * 9}.");
        var u = new float[Xi][];
        for (int xi = 0; xi < Xi; xi++) u[xi] = new float[rows * depth];
        Span<float> g = stackalloc float[9];
        Span<float> t = stackalloc float[Xi];
        for (int r = 0; r < rows; r++)
            for (int d = 0; d < depth; d++)
            {
                if (flipTranspose)
                {
                    // Backward: output channel r is the forward input channel, depth d the forward output channel.
                    var src = w.Slice((d * rows + r) * 9, 9);
                    for (int k = 0; k < 9; k++) g[k] = src[8 - k];
                }
                else
                {
                    w.Slice((r * depth + d) * 9, 9).CopyTo(g);
                }
                WinogradTransforms.Filter(g, t);
                for (int xi = 0; xi < Xi; xi++) u[xi][r * depth + d] = t[xi];
            }
        var packed = new PackedMatrix[Xi];
        for (int xi = 0; xi < Xi; xi++) packed[xi] = Sgemm.PackA(false, rows, depth, u[xi], depth);
        return new WinogradWeights(rows, depth, packed);
    }
}

/// <summary>A 3×3 filter bank transformed for <see cref="WinogradConv"/>: 16 packed OutChannels×InChannels matrices.</summary>
public sealed class WinogradWeights
{
    internal WinogradWeights(int outChannels, int inChannels, PackedMatrix[] packed)
    {
        OutChannels = outChannels;
        InChannels = inChannels;
        Packed = packed;
    }

    public int OutChannels { get; }

    public int InChannels { get; }

    internal PackedMatrix[] Packed { get; }
}
