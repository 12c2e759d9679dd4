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
internal static unsafe class WinogradConv
{
    /// <summary>Coefficients per tile: the 4×4 transformed tile.</summary>
    internal const int Xi = 16;

    /// <summary>Channels below this give GEMMs too shallow to gain over im2col.</summary>
    private const int MinChannels = 16;

    /// <summary>
    /// Fewer tiles than this (over the whole batch) leave the 16 GEMMs' column panels mostly
    /// empty. A 7×7 map's 16 tiles fill one 16-wide edge tile per plane: 16 × 14 vector FMAs
    /// per step against 43 for its 49 im2col columns, which outweighs reading the larger
    /// transformed weights (resnet18 forward: 16.2 ms against 17.7, min of 60).
    /// </summary>
    private const int MinTiles = 16;

    /// <summary>Floats of transformed input and output held per chunk when the workers share one (16 MiB).</summary>
    private const long ChunkFloats = 1 << 22;

    /// <summary>Whether <see cref="Forward"/> handles this convolution and is worth it.</summary>
    public static bool Applies(ConvGeometry g) =>
        Handles(g) && g.InHeight > 1 && g.InChannels >= MinChannels && g.OutChannels >= MinChannels
        && (long)g.Batch * TilesHigh(g) * TilesWide(g) >= MinTiles;

    /// <summary>An ungrouped 3×3 kernel with stride and dilation 1: what F(2×2, 3×3) computes at all.</summary>
    private static bool Handles(ConvGeometry g) =>
        g.Group == 1 && g.KernelHeight == 3 && g.KernelWidth == 3 && g.StrideHeight == 1 && g.StrideWidth == 1
        && g.DilationHeight == 1 && g.DilationWidth == 1;

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

    /// <summary>
    /// As <see cref="Forward"/>, holding at most about <paramref name="chunkFloats"/>
    /// transformed values per chunk. With enough tile rows every worker takes whole chunks,
    /// sized to stay in its L2 and run start to end without waiting for the others; otherwise
    /// the workers share each phase of one chunk (input channels, the 16 GEMMs, output channels).
    /// </summary>
    internal static void Run(ConvGeometry g, ReadOnlySpan<float> x, WinogradWeights u, ReadOnlySpan<float> bias, Span<float> y,
        Activation activation, long chunkFloats)
    {
        if (!Handles(g))
            throw new ArgumentException("Winograd F(2×2, 3×3) needs an ungrouped 3×3 kernel with stride and dilation 1.");
        if (u.OutChannels != g.OutChannels || u.InChannels != g.InChannels)
            throw new ArgumentException($"Winograd weights are {u.OutChannels}×{u.InChannels}, the convolution {g.OutChannels}×{g.InChannels}.");
        int tilesW = TilesWide(g), tilesH = TilesHigh(g), tileRows = g.Batch * tilesH;
        long perRow = (long)Xi * (g.InChannels + g.OutChannels) * tilesW;
        int workers = Environment.ProcessorCount;
        // Chunks in cache, but wide enough that streaming U (large in late stages) pays for itself.
        long cacheRows = Math.Max(Math.Min(chunkFloats, CacheFloats) / perRow, Math.Min(chunkFloats / perRow, (MinColumns + tilesW - 1) / tilesW));
        int rows = (int)Math.Clamp(cacheRows, 1, (tileRows + workers - 1) / workers);
        int chunks = (tileRows + rows - 1) / rows;
        fixed (float* px = x, pb = bias, py = y)
        {
            var pass = new Pass(g, u, px, bias.IsEmpty ? null : pb, py, tilesW, tilesH, activation);
            if (workers > 1 && chunks >= workers && rows * tilesW >= MinChunkColumns)
            {
                // A multiple of the worker count, so that no worker is left with one chunk more.
                chunks = (chunks + workers - 1) / workers * workers;
                rows = (tileRows + chunks - 1) / chunks;
                chunks = (tileRows + rows - 1) / rows;
                WorkerTeam.For(chunks, i => pass.Compute(i * rows, Math.Min(rows, tileRows - i * rows), shared: false), workers);
                return;
            }
            rows = (int)Math.Clamp(chunkFloats / perRow, 1, tileRows);
            for (int r0 = 0; r0 < tileRows; r0 += rows) pass.Compute(r0, Math.Min(rows, tileRows - r0), shared: true);
        }
    }

    /// <summary>Floats of transformed input and output one worker's chunk may hold: its share of a 2 MiB L2 and then some.</summary>
    private const long CacheFloats = 3 << 17;

    /// <summary>Below this many columns per chunk the GEMMs' 32-wide column panels would run mostly empty.</summary>
    private const int MinChunkColumns = 24;

    /// <summary>Columns a chunk gets even past <see cref="CacheFloats"/>: each chunk reads all of U once.</summary>
    private const int MinColumns = 128;

    internal static int TilesWide(ConvGeometry g) => (g.OutWidth + 1) / 2;

    internal static int TilesHigh(ConvGeometry g) => (g.OutHeight + 1) / 2;

    /// <summary>
    /// One convolution's chunks of tile rows (a tile row: image b, output rows 2·th and 2·th + 1)
    /// through the three phases, by one worker or (<c>shared</c>) by all of them phase by phase.
    /// </summary>
    private sealed class Pass(ConvGeometry g, WinogradWeights u, float* x, float* bias, float* y, int tilesW, int tilesH,
        Activation activation)
    {
        public void Compute(int firstRow, int rows, bool shared)
        {
            int columns = rows * tilesW;
            nint vStride = Stagger((nint)g.InChannels * columns), mStride = Stagger((nint)g.OutChannels * columns);
            float[] vArray = ArrayPool<float>.Shared.Rent((int)(Xi * vStride));
            float[] mArray = ArrayPool<float>.Shared.Rent((int)(Xi * mStride));
            try
            {
                fixed (float* v = vArray, product = mArray)
                {
                    long rowCost = (long)columns * 64;
                    // Phase 1: V_ξ[c, tile], one input channel at a time.
                    float* vp = v, mp = product;
                    For(shared, g.InChannels, rowCost, (c0, c1) => WithScratch(WinogradTransforms.InputScratch(tilesW), lines =>
                    {
                        for (int ch = c0; ch < c1; ch++)
                            for (int r = 0; r < rows; r++)
                            {
                                var (b, th) = Locate(firstRow + r);
                                float* plane = x + ((nint)b * g.InChannels + ch) * g.InSize;
                                WinogradTransforms.InputRow(plane, g.InHeight, g.InWidth, g.PadTop, g.PadLeft, th, tilesW, lines,
                                    vp + (nint)ch * columns + (nint)r * tilesW, vStride);
                            }
                    }));
                    // Phase 2: sixteen independent GEMMs M_ξ = U_ξ·V_ξ.
                    For(shared, Xi, long.MaxValue / Xi, (x0, x1) =>
                    {
                        for (int xi = x0; xi < x1; xi++)
                            Sgemm.Multiply(u.Packed[xi], 1, false, columns, 1f, new ReadOnlySpan<float>(vp + xi * vStride, (int)vStride), columns,
                                0f, new Span<float>(mp + xi * mStride, (int)mStride), columns, default);
                    });
                    // Phase 3: Y = AᵀMA + bias, then the activation, one output channel at a time.
                    For(shared, g.OutChannels, rowCost, (m0, m1) => WithScratch(WinogradTransforms.OutputScratch(tilesW), lines =>
                    {
                        for (int oc = m0; oc < m1; oc++)
                            for (int r = 0; r < rows; r++)
                            {
                                var (b, th) = Locate(firstRow + r);
                                float* plane = y + ((nint)b * g.OutChannels + oc) * g.OutSize;
                                WinogradTransforms.OutputRow(mp + (nint)oc * columns + (nint)r * tilesW, mStride,
                                    bias == null ? 0f : bias[oc], plane, g.OutHeight, g.OutWidth, th, tilesW, lines, activation);
                            }
                    }));
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(vArray);
                ArrayPool<float>.Shared.Return(mArray);
            }
        }

        /// <summary>
        /// A plane stride of whole cache lines that is not a multiple of 4 KiB: the transforms
        /// write (input) or read (output) all sixteen planes at once, and planes 4 KiB apart share L1 sets.
        /// </summary>
        private static nint Stagger(nint floats)
        {
            nint lines = (floats + 15) / 16 * 16;
            return lines % 1024 == 0 ? lines + 16 : lines;
        }

        /// <summary>Image and tile row of a global tile row.</summary>
        private (int Image, int TileRow) Locate(int row) => (row / tilesH, row % tilesH);

        private static void For(bool shared, int count, long itemCost, Action<int, int> body)
        {
            if (shared) CoarseParallel.ForChunks(count, itemCost, body);
            else body(0, count);
        }

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
internal sealed class WinogradWeights
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
