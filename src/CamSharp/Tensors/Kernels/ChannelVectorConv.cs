using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Convolutions whose output rows are 7 wide (ResNet's and VGG's last block at 224: 7×7 maps)
/// vectorised over output channels, as ONNX Runtime's NCHWc kernels are. A pixel-vectorised
/// GEMM fills 49 pixels into 64 lanes (67 GFLOP/s on resnet18's layer4 here, against ONNX
/// Runtime's 113); 32 output channels at a time fill every lane. A tile is 32 channels × one
/// output row: per (input channel, tap) two weight vectors (<see cref="ChannelPanelWeights"/>)
/// times 7 broadcast inputs from a zero-padded copy of the image, into 14 sums held in
/// registers over the whole depth (28 would spill); then bias, the activation, and two 16×16
/// transposes (<see cref="Transpose16"/>) back to NCHW rows. (Running a panel's rows block by
/// block of input channels, to read the weights from L2, measured no faster.) One thread,
/// resnet18's layer4 3×3s: 3.4 → 2.9 ms each, ONNX Runtime's 2.1.
/// </summary>
internal static unsafe class ChannelVectorConv
{
    /// <summary>Output channels per panel: two vectors.</summary>
    public const int Channels = 32;

    /// <summary>Output pixels per tile: one row.</summary>
    private const int Pixels = 7;

    /// <summary>Below this many flops one thread is faster than waking a second (as in <see cref="Pointwise"/>).</summary>
    private const long ParallelThreshold = 1L << 21;

    public static bool Applies(ConvGeometry g) =>
        Avx512F.IsSupported && g.Group == 1 && g.OutWidth == Pixels && g.OutChannels % Channels == 0 && !g.IsPointwise;

    /// <summary>y = f(conv(x, w) + bias) for every image; bias is null or M values.</summary>
    public static void Forward(ConvGeometry g, float* x, ChannelPanelWeights w, float* bias, float* y, Activation activation)
    {
        if (w.OutChannels != g.OutChannels || w.Depth != g.Depth || w.Width != Channels)
            throw new ArgumentException($"Channel panels are {w.OutChannels}×{w.Depth} by {w.Width}, the convolution {g.OutChannels}×{g.Depth} by {Channels}.");
        int paddedHeight = (g.OutHeight - 1) * g.StrideHeight + (g.KernelHeight - 1) * g.DilationHeight + 1;
        int paddedWidth = (g.OutWidth - 1) * g.StrideWidth + (g.KernelWidth - 1) * g.DilationWidth + 1;
        int plane = paddedHeight * paddedWidth;
        var padded = System.Buffers.ArrayPool<float>.Shared.Rent(g.InChannels * plane);
        try
        {
            fixed (float* p = padded)
                for (int image = 0; image < g.Batch; image++)
                {
                    Pad(g, x + (nint)image * g.InChannels * g.InSize, p, paddedHeight, paddedWidth);
                    int panels = g.OutChannels / Channels;
                    long flops = 2L * g.OutChannels * g.Depth * g.OutSize;
                    var items = new Items(g, p, paddedHeight, paddedWidth, w.Panels, bias, y + (nint)image * g.OutChannels * g.OutSize, activation);
                    WorkerTeam.For(panels * g.OutHeight, items, flops < ParallelThreshold ? 1 : WorkerTeam.Size);
                }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(padded);
            w.KeepAlive();
        }
    }

    /// <summary>The image's planes with their padding as zeros, as far as the taps of the output reach.</summary>
    private static void Pad(ConvGeometry g, float* x, float* padded, int height, int width)
    {
        new Span<float>(padded, g.InChannels * height * width).Clear();
        int rows = Math.Min(g.InHeight, height - g.PadTop), cols = Math.Min(g.InWidth, width - g.PadLeft);
        for (int c = 0; c < g.InChannels; c++)
            for (int r = 0; r < rows; r++)
                new ReadOnlySpan<float>(x + ((nint)c * g.InHeight + r) * g.InWidth, cols)
                    .CopyTo(new Span<float>(padded + ((nint)c * height + r + g.PadTop) * width + g.PadLeft, cols));
    }

    /// <summary>Item i: panel and output row of one image, as a team body (no closure).</summary>
    private readonly struct Items(ConvGeometry g, float* padded, int height, int width, float* panels, float* bias, float* y, Activation activation) : ITeamBody
    {
        public void Run(int i)
        {
            int oh = i % g.OutHeight, panel = i / g.OutHeight, m0 = panel * Channels;
            float* a = panels + (nint)panel * Channels * g.Depth;
            float* origin = padded + (nint)oh * g.StrideHeight * width;
            var b0 = bias != null ? Vector512.Load(bias + m0) : Vector512<float>.Zero;
            var b1 = bias != null ? Vector512.Load(bias + m0 + 16) : Vector512<float>.Zero;
            var (lo, hi) = DepthwiseEpilogue.Bounds(activation);
            // Pixel vectors of channels 0–15 in m[0..7), of 16–31 in m[16..23); the other lanes are never stored.
            var m = stackalloc Vector512<float>[32];
            switch (activation.Kind)
            {
                case ActivationKind.None: Tile<NoActivation>(g, origin, height, width, a, b0, b1, m, lo, hi); break;
                case ActivationKind.Silu: Tile<SiluActivation>(g, origin, height, width, a, b0, b1, m, lo, hi); break;
                default: Tile<ClampActivation>(g, origin, height, width, a, b0, b1, m, lo, hi); break;
            }
            float* yRow = y + (nint)m0 * g.OutSize + (nint)oh * Pixels;
            StoreRows(m, yRow, g.OutSize);
            StoreRows(m + 16, yRow + 16 * (nint)g.OutSize, g.OutSize);
        }
    }

    /// <remarks>No call after the loop: sums live across a call are spilled at every multiply-add (measured 3.5× slower).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TActivation>(ConvGeometry g, float* origin, int height, int width, float* a, Vector512<float> bias0, Vector512<float> bias1,
        Vector512<float>* m, Vector512<float> lo, Vector512<float> hi) where TActivation : struct, IVectorActivation
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default;
        Vector512<float> d0 = default, d1 = default, d2 = default, d3 = default, d4 = default, d5 = default, d6 = default;
        nint sw = g.StrideWidth, plane = (nint)height * width;
        for (int c = 0; c < g.InChannels; c++)
            for (int kh = 0; kh < g.KernelHeight; kh++)
            {
                float* rowStart = origin + c * plane + (nint)kh * g.DilationHeight * width;
                for (int kw = 0; kw < g.KernelWidth; kw++)
                {
                    float* row = rowStart + (nint)kw * g.DilationWidth;
                    var w0 = Vector512.Load(a);
                    var w1 = Vector512.Load(a + 16);
                    Vector512<float> b;
                    b = Vector512.Create(row[0 * sw]); c0 = Vector512.FusedMultiplyAdd(w0, b, c0); d0 = Vector512.FusedMultiplyAdd(w1, b, d0);
                    b = Vector512.Create(row[1 * sw]); c1 = Vector512.FusedMultiplyAdd(w0, b, c1); d1 = Vector512.FusedMultiplyAdd(w1, b, d1);
                    b = Vector512.Create(row[2 * sw]); c2 = Vector512.FusedMultiplyAdd(w0, b, c2); d2 = Vector512.FusedMultiplyAdd(w1, b, d2);
                    b = Vector512.Create(row[3 * sw]); c3 = Vector512.FusedMultiplyAdd(w0, b, c3); d3 = Vector512.FusedMultiplyAdd(w1, b, d3);
                    b = Vector512.Create(row[4 * sw]); c4 = Vector512.FusedMultiplyAdd(w0, b, c4); d4 = Vector512.FusedMultiplyAdd(w1, b, d4);
                    b = Vector512.Create(row[5 * sw]); c5 = Vector512.FusedMultiplyAdd(w0, b, c5); d5 = Vector512.FusedMultiplyAdd(w1, b, d5);
                    b = Vector512.Create(row[6 * sw]); c6 = Vector512.FusedMultiplyAdd(w0, b, c6); d6 = Vector512.FusedMultiplyAdd(w1, b, d6);
                    a += Channels;
                }
            }
        m[0] = TActivation.Apply(c0 + bias0, lo, hi);
        m[1] = TActivation.Apply(c1 + bias0, lo, hi);
        m[2] = TActivation.Apply(c2 + bias0, lo, hi);
        m[3] = TActivation.Apply(c3 + bias0, lo, hi);
        m[4] = TActivation.Apply(c4 + bias0, lo, hi);
        m[5] = TActivation.Apply(c5 + bias0, lo, hi);
        m[6] = TActivation.Apply(c6 + bias0, lo, hi);
        m[16] = TActivation.Apply(d0 + bias1, lo, hi);
        m[17] = TActivation.Apply(d1 + bias1, lo, hi);
        m[18] = TActivation.Apply(d2 + bias1, lo, hi);
        m[19] = TActivation.Apply(d3 + bias1, lo, hi);
        m[20] = TActivation.Apply(d4 + bias1, lo, hi);
        m[21] = TActivation.Apply(d5 + bias1, lo, hi);
        m[22] = TActivation.Apply(d6 + bias1, lo, hi);
    }

    /// <summary>Transposes 7 pixel vectors of 16 channels into 16 channel rows of 7 pixels and stores them (channel stride <paramref name="ld"/>).</summary>
    private static void StoreRows(Vector512<float>* m, float* y, int ld)
    {
        Transpose16.InPlace(m);
        var valid = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(Pixels)).AsSingle();
        for (int c = 0; c < 16; c++) Avx512F.MaskStore(y + (nint)c * ld, valid, m[c]);
    }
}
