using System.Buffers;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Convolutions of one image with a small output map and many channels (ResNet's layer3 and
/// layer4 at 224: 14×14 and 7×7) as the transposed GEMM Yᵀ = colᵀ · Wᵀ: output pixels are the
/// rows the micro-kernel broadcasts and output channels its vector columns. The usual
/// Y = W · col puts the 49 pixels of a 7×7 map into 64 vector lanes; here they fill 3 row
/// panels of 14 and one of 7 (all but 1 of 50 rows used), and 512 channels fill every lane.
/// colᵀ is packed once per call straight into the micro-kernel's row panels (shared by the
/// threads), Wᵀ once per weight tensor (<see cref="SmallMapWeights"/>). Work is cut into
/// (channel panel × block of row panels) items, several per thread, each transposed back to
/// NCHW with bias and activation while it is still in cache.
/// </summary>
internal static unsafe class SmallMapConv
{
    /// <summary>Items the work is cut into at least (when there are enough tiles): several per thread, so two threads stay balanced.</summary>
    private const int MinItems = 16;

    /// <summary>Below this many flops one thread is faster than waking a second (as in <see cref="Sgemm"/>).</summary>
    private const long ParallelThreshold = 1L << 21;

    /// <summary>What <see cref="Forward"/> computes at all: an ungrouped 2-D convolution.</summary>
    public static bool Handles(ConvGeometry g) => g.Group == 1;

    /// <summary>
    /// Where it is chosen: one image (a batch keeps the batched GEMM, whose tiles span the whole
    /// batch), a kernel with more than one tap, at most <see cref="MaxPixels"/> outputs and
    /// <see cref="MinChannels"/> output channels; at stride 1 only below <see cref="MaxWinogradPixels"/>
    /// outputs, where Winograd's 2×2 tiles are few and its 16 MB of transformed weights per
    /// layer4 3×3 (against these 9.4 MB) come from memory in a forward pass. resnet18 at 224, one
    /// image, one thread, per node in the model (ort-profile, 10th percentile, loaded machine):
    /// layer3's stride-2 3×3 1.25 → 1.13 ms, layer4's 1.50 → 1.38, its 7×7 3×3s 2.9–3.5 → 2.5–2.7.
    /// </summary>
    public static bool Applies(ConvGeometry g) =>
        Handles(g) && g.Batch == 1 && g.KernelHeight * g.KernelWidth > 1 && g.OutSize <= MaxPixels && g.OutChannels >= MinChannels
        && (g.StrideHeight > 1 || g.StrideWidth > 1 || g.OutSize < MaxWinogradPixels);

    private const int MaxPixels = 14 * 14, MinChannels = 64, MaxWinogradPixels = 8 * 8;

    /// <summary>y = f(conv(x, w) + bias) for every image; x, y dense NCHW, bias null or M values.</summary>
    public static void Forward(ConvGeometry g, float* x, SmallMapWeights w, float* bias, float* y, Activation activation)
    {
        if (!Handles(g)) throw new ArgumentException($"Small-map convolution needs an ungrouped kernel, got group {g.Group}.");
        if (w.OutChannels != g.OutChannels || w.Depth != g.Depth)
            throw new ArgumentException($"Small-map weights are {w.OutChannels}×{w.Depth}, the convolution {g.OutChannels}×{g.Depth}.");
        var (mr, nr) = Sgemm.Tile(w.Kernel);
        int pixels = g.OutSize, depth = g.Depth, taps = g.KernelHeight * g.KernelWidth;
        int rowPanels = (pixels + mr - 1) / mr, rowsPadded = rowPanels * mr;
        float[] columns = ArrayPool<float>.Shared.Rent(rowsPadded * depth);
        float[] product = ArrayPool<float>.Shared.Rent(pixels * g.OutChannels);
        int[] sources = ArrayPool<int>.Shared.Rent(taps * rowsPadded);
        try
        {
            SourceOffsets(g, rowsPadded, sources);
            long flops = 2L * pixels * g.OutChannels * depth;
            int threads = flops < ParallelThreshold ? 1 : WorkerTeam.Size;
            int blocks = (depth + Sgemm.KC - 1) / Sgemm.KC;
            int channelPanels = (g.OutChannels + nr - 1) / nr;
            int rowParts = Math.Clamp((MinItems + channelPanels - 1) / channelPanels, 1, rowPanels);
            fixed (float* pa = columns, pc = product)
            fixed (int* ps = sources)
            {
                var args = new GemmArgs
                {
                    M = pixels, N = g.OutChannels, K = depth, PackedA = pa,
                    C = pc, Ldc = g.OutChannels, Alpha = 1f, Beta = 0f,
                };
                for (int image = 0; image < g.Batch; image++)
                {
                    float* xi = x + (nint)image * g.InChannels * g.InSize;
                    WorkerTeam.For(blocks, new PackBlocks(g, xi, ps, pa, mr, rowsPadded), threads);
                    var items = new Items(w.Kernel, args, w, mr, nr, rowPanels, rowParts, bias,
                        y + (nint)image * g.OutChannels * pixels, activation);
                    WorkerTeam.For(channelPanels * rowParts, items, threads);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columns);
            ArrayPool<float>.Shared.Return(product);
            ArrayPool<int>.Shared.Return(sources);
            w.KeepAlive();
        }
    }

    /// <summary>
    /// For every tap and output pixel (rows past the map too), where in an input plane the tap
    /// reads, or −1 where it reads padding: the packing is then one lookup per value.
    /// </summary>
    private static void SourceOffsets(ConvGeometry g, int rowsPadded, int[] sources)
    {
        for (int kh = 0; kh < g.KernelHeight; kh++)
            for (int kw = 0; kw < g.KernelWidth; kw++)
            {
                var row = sources.AsSpan((kh * g.KernelWidth + kw) * rowsPadded, rowsPadded);
                row.Fill(-1);
                for (int oh = 0; oh < g.OutHeight; oh++)
                {
                    int ih = oh * g.StrideHeight - g.PadTop + kh * g.DilationHeight;
                    if ((uint)ih >= (uint)g.InHeight) continue;
                    for (int ow = 0; ow < g.OutWidth; ow++)
                    {
                        int iw = ow * g.StrideWidth - g.PadLeft + kw * g.DilationWidth;
                        if ((uint)iw < (uint)g.InWidth) row[oh * g.OutWidth + ow] = ih * g.InWidth + iw;
                    }
                }
            }
    }

    /// <summary>
    /// Item b: K block b of colᵀ, every row panel of it, in the layout the GEMM driver reads a
    /// prepacked A (block at pc·rowsPadded, panels of MR × kc within).
    /// </summary>
    private readonly struct PackBlocks(ConvGeometry g, float* x, int* sources, float* columns, int mr, int rowsPadded) : ITeamBody
    {
        public void Run(int block)
        {
            int pc = block * Sgemm.KC, kc = Math.Min(Sgemm.KC, g.Depth - pc), taps = g.KernelHeight * g.KernelWidth;
            float* dst = columns + (nint)pc * rowsPadded;
            for (int k = 0; k < kc; k++)
            {
                int c = (pc + k) / taps, tap = (pc + k) % taps;
                float* plane = x + (nint)c * g.InSize;
                int* source = sources + tap * rowsPadded;
                for (int panel = 0; panel < rowsPadded; panel += mr)
                {
                    float* d = dst + (nint)panel * kc + k * mr;
                    for (int r = 0; r < mr; r++)
                    {
                        int s = source[panel + r];
                        d[r] = s >= 0 ? plane[s] : 0f;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Item i: channel panel i / rowParts × block i % rowParts of row panels, through the GEMM
    /// driver into Yᵀ, then transposed into the output planes with bias and activation.
    /// </summary>
    private readonly struct Items(SgemmKernel kernel, GemmArgs args, SmallMapWeights weights, int mr, int nr, int rowPanels, int rowParts,
        float* bias, float* y, Activation activation) : ITeamBody
    {
        public void Run(int i)
        {
            int channelPanel = i / rowParts, part = i % rowParts;
            int m0 = rowPanels * part / rowParts * mr, m1 = Math.Min(args.M, rowPanels * (part + 1) / rowParts * mr);
            int n0 = channelPanel * nr, n1 = Math.Min(args.N, n0 + nr);
            // The panel's columns as a GEMM of their own, one K block at a time: its weights are one
            // contiguous run. Only the first row panel of a block reads them from memory (the others
            // from L1), so the next block's are prefetched a slice per row panel, keeping memory busy throughout.
            var block = args;
            block.C = args.C + n0;
            block.N = n1 - n0;
            var panel = weights.Panel(channelPanel);
            int rowsPadded = rowPanels * mr, calls = (m1 - m0 + mr - 1) / mr;
            for (int pc = 0; pc < args.K; pc += Sgemm.KC)
            {
                int kc = Math.Min(Sgemm.KC, args.K - pc);
                float* b = panel.Pack(pc, kc, 0, nr, nr, null);
                byte* next = (byte*)(b + kc * nr);
                int lines = Sse.IsSupported ? Math.Min(Sgemm.KC, args.K - pc - kc) * nr * sizeof(float) / 64 : 0;
                block.K = kc;
                block.PackedA = args.PackedA + (nint)pc * rowsPadded;
                block.Beta = pc == 0 ? 0f : 1f;
                for (int call = 0; call < calls; call++)
                {
                    for (int line = lines * call / calls; line < lines * (call + 1) / calls; line++) Sse.Prefetch1(next + line * 64);
                    int ic = m0 + call * mr;
                    Sgemm.RunRange(kernel, block, new PrepackedB(b, nr), ic, Math.Min(m1, ic + mr), 0, n1 - n0);
                }
            }
            int pixels = args.M, channels = args.N;
            for (int n = n0; n < n1; n++)
            {
                float add = bias != null ? bias[n] : 0f;
                float* column = args.C + n, plane = y + (nint)n * pixels;
                for (int p = m0; p < m1; p++) plane[p] = column[(nint)p * channels] + add;
                activation.Apply(new Span<float>(plane + m0, m1 - m0));
            }
        }
    }
}
