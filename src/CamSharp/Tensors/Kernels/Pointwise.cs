using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Ungrouped 1×1 stride-1 convolutions (MobileNet's and YOLOX's expands and projections,
/// SqueezeNet's squeezes) without packing B: <see cref="PointwiseKernel512"/> (or, without
/// AVX-512, <see cref="PointwiseKernel256"/>) reads the input planes where they are. The GEMM
/// packs K × N of the input into panels before it multiplies, a full extra pass over the input
/// that the product reuses only M / MR times: for the small M and K of these layers, as costly
/// as the multiply-adds. Work is cut into (image, block of pixels, block of channel panels)
/// items, claimed by the team's threads, so batch 1 on a 7×7 map keeps both cores busy through
/// M and batch 8 needs no per-image GEMM.
/// </summary>
internal static unsafe class Pointwise
{
    private const int MR = PointwiseKernel512.MR, NR = PointwiseKernel512.NR;

    /// <summary>Floats of input one item reads (256 KiB): its block stays in L2 while each A panel sweeps it from L1.</summary>
    private const int ChunkFloats = 1 << 16;

    /// <summary>Pixels per item, a multiple of the strip width, 2 to 64 strips: long row runs keep the stores streaming.</summary>
    private static int ChunkColumns(int depth, int strip) => Math.Clamp(ChunkFloats / Math.Max(depth, 1) / strip * strip, 2 * strip, 64 * strip);

    /// <summary>Below this many flops one thread is faster than waking a second (as in <see cref="Sgemm"/>).</summary>
    private const long ParallelThreshold = 1L << 21;

    /// <summary>Items per thread when splitting: enough to rebalance around a thread the OS delays.</summary>
    private const int ItemsPerThread = 4;

    private static readonly float[] ZeroBias = GC.AllocateArray<float>(MR, pinned: true);

    /// <summary>Output channels per weight panel of the kernel this machine runs (what <see cref="ChannelPanelWeights"/> must be made with).</summary>
    public static int PanelWidth => PointwiseKernel512.IsSupported ? PointwiseKernel512.MR : PointwiseKernel256.MR;

    /// <summary>Pixels per strip of the kernel this machine runs.</summary>
    private static int StripWidth => PointwiseKernel512.IsSupported ? NR : PointwiseKernel256.NR;

    /// <summary>What <see cref="Forward"/> computes at all: ungrouped 1×1 stride-1 unpadded, on AVX-512 or AVX2 + FMA.</summary>
    public static bool Handles(ConvGeometry g) =>
        (PointwiseKernel512.IsSupported || PointwiseKernel256.IsSupported) && g.IsPointwise && g.Group == 1;

    /// <summary>
    /// Where it beats the packed GEMM (conv bench --cpu, one thread): up to <see cref="MaxOutChannels"/>
    /// outputs (MobileNet's 32→16 on 112×112 0.15 ms against 0.26, its 144→24 on 56×56 0.20 against
    /// 0.38); wider products reuse packed B panels often enough to repay the copy, and on 7×7 maps
    /// the GEMM's narrow-edge kernel wastes fewer lanes (320→1280: 0.35 ms here, 0.30 there).
    /// On AVX2 (<see cref="Applies256"/>) only narrow products are its.
    /// </summary>
    public static bool Applies(ConvGeometry g) =>
        Handles(g) && (PointwiseKernel512.IsSupported ? g.OutChannels <= MaxOutChannels : Applies256(g));

    private const int MaxOutChannels = 256;

    /// <summary>
    /// The AVX2 kernel against the 6×16 GEMM (conv bench --cpu --min, one thread, Zen 3, medians of 3): it wins only for
    /// few outputs, where packing B is not repaid over M / 6 panels (SqueezeNet's 128→16 on 55×55 0.30 ms against 0.49,
    /// MobileNet's 32→16 on 112×112 0.38 against 0.50, 144→24 on 56×56 0.44 against 0.48, YOLOX's 32→32 on 52×52 0.085
    /// against 0.122, 16→32 on 104×104 with SiLU 0.36 against 0.52). From 64 outputs the GEMM's contiguous panels
    /// beat K separate row streams per strip (SqueezeNet's 16→64 on 55×55 0.22 against 0.15, YOLOX's 128→128 on
    /// 13×13 0.098 against 0.080, ResNet's gathered 128→256 on 14×14 0.20 against 0.18); 192→32 on 28×28 is even.
    /// </summary>
    private static bool Applies256(ConvGeometry g) => g.OutChannels <= MaxOutChannels256 && g.Depth <= MaxDepth256;

    private const int MaxOutChannels256 = 32, MaxDepth256 = 384;

    /// <summary>y = f(conv(x, w) + bias) for every image; bias is null or M values.</summary>
    public static void Forward(ConvGeometry g, float* x, ChannelPanelWeights w, float* bias, float* y, Activation activation)
    {
        if (!Handles(g)) throw new ArgumentException("The pointwise kernel needs an ungrouped 1×1 stride-1 unpadded convolution and AVX-512 or AVX2 with FMA.");
        int mr = PanelWidth;
        if (w.OutChannels != g.OutChannels || w.Depth != g.Depth || w.Width != mr)
            throw new ArgumentException($"Pointwise weights are {w.OutChannels}×{w.Depth} in panels of {w.Width}, the convolution {g.OutChannels}×{g.Depth} in panels of {mr}.");
        int panels = (g.OutChannels + mr - 1) / mr, columns = ChunkColumns(g.Depth, StripWidth), chunks = (g.OutSize + columns - 1) / columns;
        long flops = 2L * g.Batch * g.OutChannels * g.Depth * g.OutSize;
        int threads = flops < ParallelThreshold ? 1 : WorkerTeam.Size;
        // Split M only as far as the images' pixel blocks leave threads without enough items.
        int perImage = g.Batch * chunks;
        int panelBlocks = threads == 1 ? 1 : Math.Clamp((ItemsPerThread * threads + perImage - 1) / perImage, 1, panels);
        var items = new Items(g, x, w, bias, y, activation, columns, chunks, panels, panelBlocks);
        WorkerTeam.For(perImage * panelBlocks, items, threads);
        w.KeepAlive();
    }

    /// <summary>Item i: image, pixel block and panel block, as a team body (no closure).</summary>
    private readonly struct Items(ConvGeometry g, float* x, ChannelPanelWeights w, float* bias, float* y, Activation activation,
        int columns, int chunks, int panels, int panelBlocks) : ITeamBody
    {
        public void Run(int i)
        {
            int block = i % panelBlocks, rest = i / panelBlocks, chunk = rest % chunks, image = rest / chunks;
            int p0 = (int)((long)panels * block / panelBlocks), p1 = (int)((long)panels * (block + 1) / panelBlocks);
            int n0 = chunk * columns, n1 = Math.Min(g.OutSize, n0 + columns);
            float* xi = x + (nint)image * g.InChannels * g.InSize, yi = y + (nint)image * g.OutChannels * g.OutSize;
            if (PointwiseKernel512.IsSupported)
                for (int p = p0; p < p1; p++) Panel(g, xi, w, bias, yi, activation, p, n0, n1);
            else
                PointwiseBlock256.Run(g, xi, w, bias, yi, activation, p0, p1, n0, n1);
        }
    }

    /// <summary>Output channels [14p, 14p + 14) × pixels [n0, n1) of one image.</summary>
    private static void Panel(ConvGeometry g, float* x, ChannelPanelWeights w, float* bias, float* y, Activation activation, int p, int n0, int n1)
    {
        int m0 = p * MR, rows = Math.Min(MR, g.OutChannels - m0), n = g.OutSize;
        float* a = w.Panels + (nint)p * MR * g.Depth;
        float* panelBias = bias != null ? bias + m0 : ZeroBiasPointer;
        float* c = y + (nint)m0 * n;
        var (clamp, lo, hi) = activation.Kind switch
        {
            ActivationKind.Relu => (true, 0f, float.PositiveInfinity),
            ActivationKind.Clip => (true, activation.Lo, activation.Hi),
            _ => (false, 0f, 0f),
        };
        // SiLU is a second pass over the strip's rows while they are in L1: in the store, its constants
        // push the 28 accumulators out of the registers (yolox pw 104 silu: 0.249 ms cpu fused, 0.186 as a second pass).
        bool silu = activation.Kind == ActivationKind.Silu;
        var full = new PointwiseKernel512.Epilogue(clamp, lo, hi, default, default);
        int j = n0;
        for (; j + NR <= n1; j += NR)
        {
            Strip<N2, N0>(g.Depth, a, x + j, n, c + j, rows, panelBias, full);
            if (silu) Logistic.SiluRows512(c + j, n, rows, NR);
        }
        if (j < n1)
        {
            int width = n1 - j;
            var edge = new PointwiseKernel512.Epilogue(clamp, lo, hi, LaneMask(width), LaneMask(width - 16));
            if (width <= 16) Strip<N1, N1>(g.Depth, a, x + j, n, c + j, rows, panelBias, edge);
            else Strip<N2, N1>(g.Depth, a, x + j, n, c + j, rows, panelBias, edge);
            if (silu) Logistic.SiluRows512(c + j, n, rows, width);
        }
    }

    /// <summary>The bias of a convolution without one (the array is pinned).</summary>
    internal static float* ZeroBiasPointer => (float*)Unsafe.AsPointer(ref ZeroBias[0]);

    /// <summary>One strip of 16 or 32 pixels; input and output planes have the same size, so one stride serves B and C.</summary>
    private static void Strip<TWide, TMasked>(int depth, float* a, float* b, nint ldb, float* c, int rows, float* bias, in PointwiseKernel512.Epilogue e)
        where TWide : struct, IConstant where TMasked : struct, IConstant
    {
        switch ((rows + 1) / 2)
        {
            case 7: PointwiseKernel512.Run<N7, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, rows, bias, e); break;
            case 6: PointwiseKernel512.Run<N6, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, rows, bias, e); break;
            case 5: PointwiseKernel512.Run<N5, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, rows, bias, e); break;
            case 4: PointwiseKernel512.Run<N4, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, rows, bias, e); break;
            case 3: PointwiseKernel512.Run<N3, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, rows, bias, e); break;
            case 2: PointwiseKernel512.Run<N2, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, rows, bias, e); break;
            default: PointwiseKernel512.Run<N1, TWide, TMasked, N1>(depth, a, b, ldb, c, ldb, rows, bias, e); break;
        }
    }

    /// <summary>All-ones in the first <paramref name="lanes"/> lanes (clamped to 0..16), zero after.</summary>
    private static Vector512<float> LaneMask(int lanes)
    {
        var index = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        return Vector512.LessThan(index, Vector512.Create(lanes)).AsSingle();
    }
}
