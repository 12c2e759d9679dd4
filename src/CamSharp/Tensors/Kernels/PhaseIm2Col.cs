using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Convolution of one image as a GEMM whose B reads the input through <see cref="PhaseLayout"/>:
/// each input plane is copied once into padded phase planes, after which every im2col row is
/// one contiguous run, so packing is plain copying. The price is RowStep − OutWidth extra
/// columns per output row (computed, then dropped); it is taken when that is cheap.
/// </summary>
internal static unsafe class PhaseIm2Col
{
    /// <summary>
    /// Whether the wide columns cost the GEMM at most 1/8 more than the real ones, narrow edge
    /// tiles counted as the kernel does (a 7×7 map's 49 columns cost 43 FMAs per step, its 63
    /// wide ones 56: not worth it; a 112×112 map's 115-wide rows are).
    /// </summary>
    public static bool Worthwhile(ConvGeometry g, in PhaseLayout layout) =>
        8L * Sgemm.ColumnCost(layout.WideColumns) <= 9L * Sgemm.ColumnCost(g.OutSize);

    /// <summary>Output of one GEMM on wide columns that stays in L2 until it is compacted (256 KiB).</summary>
    private const int ChunkFloats = 1 << 16;

    /// <summary>y = f(conv(x, w) + bias) for one image (all groups); x and y are that image's planes.</summary>
    public static void Forward(ConvGeometry g, PhaseLayout layout, float* x, ReadOnlySpan<float> w, PackedMatrix[]? packed,
        ReadOnlySpan<float> bias, Span<float> y, Activation activation)
    {
        int taps = g.KernelHeight * g.KernelWidth, size = layout.Size;
        var offsets = new nint[taps];
        for (int i = 0; i < g.KernelHeight; i++)
            for (int j = 0; j < g.KernelWidth; j++)
                offsets[i * g.KernelWidth + j] = layout.Offset(i * g.DilationHeight, j * g.DilationWidth);
        float[] phases = ArrayPool<float>.Shared.Rent(g.InChannels * size);
        try
        {
            fixed (float* pp = phases, pw = w, pb = bias, py = y)
            fixed (nint* po = offsets)
            {
                float* phasesStart = pp, xs = x;
                CoarseParallel.ForChunks(g.InChannels, size, (c0, c1) =>
                {
                    for (int c = c0; c < c1; c++) layout.Fill(xs + (nint)c * g.InSize, phasesStart + (nint)c * size);
                });
                int mg = g.OutChannelsPerGroup, kg = g.Depth;
                for (int grp = 0; grp < g.Group; grp++)
                {
                    var gemm = new GroupGemm(g, layout.RowStep, packed?[grp], packed is null ? pw + (nint)grp * mg * kg : null,
                        bias.IsEmpty ? null : pb + grp * mg, activation,
                        new PhaseIm2ColPacker(pp + (nint)grp * g.InChannelsPerGroup * size, size, po, taps), py + (nint)grp * mg * g.OutSize);
                    gemm.Run();
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(phases);
        }
    }

    /// <summary>One group's GEMM over the wide columns, and where its output planes go.</summary>
    private readonly struct GroupGemm(ConvGeometry g, int rowStep, PackedMatrix? packed, float* weights, float* bias,
        Activation activation, PhaseIm2ColPacker packer, float* y)
    {
        private int Channels => g.OutChannelsPerGroup;

        public void Run()
        {
            int wide = g.OutHeight * rowStep;
            if (rowStep == g.OutWidth)
            {
                // No extra columns (a 1×1 stride-2 convolution): straight into the planes.
                Multiply(packer, wide, new Span<float>(y, Channels * g.OutSize), 0);
                return;
            }
            // A few output rows at a time, so the wide result is compacted while it is in L2,
            // not written to memory and read back. Too few chunks to share: one GEMM on all cores.
            int rows = Math.Clamp(ChunkFloats / (Channels * rowStep), 1, g.OutHeight);
            int chunks = (g.OutHeight + rows - 1) / rows, workers = Environment.ProcessorCount;
            if (chunks < 2 * workers) rows = g.OutHeight;
            if (rows == g.OutHeight)
            {
                Chunk(0, g.OutHeight, 0);
                return;
            }
            var self = this;
            int height = g.OutHeight;
            WorkerTeam.For(chunks, i => self.Chunk(i * rows, Math.Min(height, (i + 1) * rows), 1), workers);
        }

        /// <summary>Output rows [r0, r1): GEMM into scratch, then each channel's rows moved to their place.</summary>
        private void Chunk(int r0, int r1, int threads)
        {
            int columns = (r1 - r0) * rowStep, ow = g.OutWidth;
            float[] wide = ArrayPool<float>.Shared.Rent(Channels * columns);
            try
            {
                Multiply(packer.From((nint)r0 * rowStep), columns, wide.AsSpan(0, Channels * columns), threads);
                fixed (float* src = wide)
                {
                    float* s0 = src, y0 = y;
                    int outSize = g.OutSize, step = rowStep;
                    Action<int, int> compact = (m0, m1) =>
                    {
                        for (int m = m0; m < m1; m++)
                            for (int r = r0; r < r1; r++)
                                new ReadOnlySpan<float>(s0 + (nint)m * columns + (nint)(r - r0) * step, ow)
                                    .CopyTo(new Span<float>(y0 + (nint)m * outSize + (nint)r * ow, ow));
                    };
                    if (threads == 1) compact(0, Channels);
                    else CoarseParallel.ForChunks(Channels, columns, compact);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(wide);
            }
        }

        private void Multiply(PhaseIm2ColPacker b, int columns, Span<float> c, int threads) =>
            Sgemm.Multiply(packed, packed is null ? new ReadOnlySpan<float>(weights, Channels * g.Depth) : default, Channels, g.Depth,
                b, columns, c, columns, bias is null ? default : new ReadOnlySpan<float>(bias, Channels), activation, threads);
    }
}

/// <summary>
/// B of <see cref="PhaseIm2Col"/>: row (c, i, j) is channel c's phase planes read from tap
/// (i, j)'s offset, one contiguous run over the wide columns.
/// </summary>
internal readonly unsafe struct PhaseIm2ColPacker(float* phases, nint channelStride, nint* tapOffsets, int taps) : IPackB
{
    /// <summary>The same rows, starting <paramref name="columns"/> wide columns later.</summary>
    public PhaseIm2ColPacker From(nint columns) => new(phases + columns, channelStride, tapOffsets, taps);

    public float* Pack(int p0, int kc, int j0, int nc, int nr, float* dst)
    {
        int full = nc / nr * nr, tail = nc - full;
        int c = p0 / taps, t = p0 - c * taps;
        for (int kk = 0; kk < kc; kk++)
        {
            float* s = phases + c * channelStride + tapOffsets[t] + j0;
            float* d = dst + (nint)kk * nr;
            for (int jp = 0; jp < full; jp += nr) Copy(s + jp, d + (nint)jp * kc, nr);
            if (tail > 0)
            {
                float* last = d + (nint)full * kc;
                Copy(s + full, last, tail);
                new Span<float>(last + tail, nr - tail).Clear();
            }
            if (++t == taps)
            {
                t = 0;
                c++;
            }
        }
        return dst;
    }

    // Panels are 16 or 32 wide on the vector kernels: whole vectors, no call into a general copy.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* s, float* d, int n)
    {
        int q = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; q + 16 <= n; q += 16) Vector512.Store(Vector512.Load(s + q), d + q);
        for (; q + 8 <= n; q += 8) Vector256.Store(Vector256.Load(s + q), d + q);
        for (; q < n; q++) d[q] = s[q];
    }
}
