using CamSharp.Tensors.Kernels;

namespace CamSharp.Bench;

/// <summary>
/// The convolution shapes of resnet18 (and two depthwise ones of mobilenet_v2, three of yolov8n
/// with SiLU, YOLOX's stem) one by one, batch 1 and 32 (<c>--only PREFIX</c> picks layers by name): GFLOP/s by wall and by CPU time, to see which
/// geometry loses against the GEMM's own figure.
/// </summary>
internal static class ConvBench
{
    private static readonly (string Name, int C, int H, int M, int K, int Stride, int Pad, int Group)[] Layers =
    [
        // yolov8n at 640 (SiLU): the stem, a stride-2 3×3 and a 1×1 on 160×160 planes.
        ("v8 stem 3x3/2", 3, 640, 16, 3, 2, 1, 1),
        ("v8 3x3/2", 16, 320, 32, 3, 2, 1, 1),
        ("v8 1x1 160", 32, 160, 32, 1, 1, 0, 1),
        // …and its stride-1 3×3 bottlenecks, 160×160 down to 20×20.
        ("v8 3x3 160", 16, 160, 16, 3, 1, 1, 1),
        ("v8 3x3 80", 32, 80, 32, 3, 1, 1, 1),
        ("v8 3x3 40", 64, 40, 64, 3, 1, 1, 1),
        ("v8 3x3 20", 128, 20, 128, 3, 1, 1, 1),
        // …and its other stride-2 3×3s (80 → 40 → 20).
        ("v8 3x3/2 160", 32, 160, 64, 3, 2, 1, 1),
        ("v8 3x3/2 80", 64, 80, 128, 3, 2, 1, 1),
        ("v8 3x3/2 40", 128, 40, 256, 3, 2, 1, 1),
        // yolox_nano at 416: the stem after space-to-depth (K = 108, 16 output channels).
        ("yolox stem 3x3", 12, 208, 16, 3, 1, 1, 1),
        ("yolox stem 3x3 silu", 12, 208, 16, 3, 1, 1, 1),
        // …and its many small maps: 1×1 and depthwise on 26×26 and 13×13.
        ("yolox pw 26", 64, 26, 64, 1, 1, 0, 1),
        ("yolox dw 26", 64, 26, 64, 3, 1, 1, 64),
        ("yolox pw 13", 128, 13, 128, 1, 1, 0, 1),
        ("yolox pw 13 512-256", 512, 13, 256, 1, 1, 0, 1),
        ("yolox pw 52", 32, 52, 32, 1, 1, 0, 1),
        // …with their SiLU: depthwise on 104×104 and 52×52 (stride 1 and 2), the 1×1 with 16 inputs on 104×104.
        ("yolox dw 104 silu", 16, 104, 16, 3, 1, 1, 16),
        ("yolox dw 208/2 silu", 16, 208, 16, 3, 2, 1, 16),
        ("yolox dw 52 silu", 32, 52, 32, 3, 1, 1, 32),
        ("yolox dw 52 relu", 32, 52, 32, 3, 1, 1, 32),
        // …and its small-map depthwise layers with SiLU: 26×26 (nine of them), 13×13, and the stride-2 ones down to 26 and 13.
        ("yolox dw 26 silu", 64, 26, 64, 3, 1, 1, 64),
        ("yolox dw 13 silu", 128, 13, 128, 3, 1, 1, 128),
        ("yolox dw 52/2 silu", 64, 52, 64, 3, 2, 1, 64),
        ("yolox dw 26/2 silu", 128, 26, 128, 3, 2, 1, 128),
        ("yolox pw 104 silu", 16, 104, 32, 1, 1, 0, 1),
        // …and the 1×1s with SiLU that it has most of: 64→64 on 26×26 (15) and 52×52 (7), 32→32 on 52×52 (8), 256→128 on 13×13 (6).
        ("yolox pw 26 silu", 64, 26, 64, 1, 1, 0, 1),
        ("yolox pw 52 64 silu", 64, 52, 64, 1, 1, 0, 1),
        ("yolox pw 52 silu", 32, 52, 32, 1, 1, 0, 1),
        ("yolox pw 13 256-128 silu", 256, 13, 128, 1, 1, 0, 1),
        ("yolox pw 104 relu", 16, 104, 32, 1, 1, 0, 1),
        ("mbv2 stem 3x3/2", 3, 224, 32, 3, 2, 1, 1),
        // …its pointwise convolutions, expand and project, 112×112 down to 7×7 (ReLU6 or none; timed with ReLU).
        ("mbv2 pw 112 32-16", 32, 112, 16, 1, 1, 0, 1),
        ("mbv2 pw 112 16-96", 16, 112, 96, 1, 1, 0, 1),
        ("mbv2 pw 56 24-144", 24, 56, 144, 1, 1, 0, 1),
        ("mbv2 pw 56 144-24", 144, 56, 24, 1, 1, 0, 1),
        ("mbv2 pw 28 32-192", 32, 28, 192, 1, 1, 0, 1),
        ("mbv2 pw 28 192-32", 192, 28, 32, 1, 1, 0, 1),
        ("mbv2 pw 14 64-384", 64, 14, 384, 1, 1, 0, 1),
        ("mbv2 pw 14 384-64", 384, 14, 64, 1, 1, 0, 1),
        ("mbv2 pw 14 96-576", 96, 14, 576, 1, 1, 0, 1),
        ("mbv2 pw 7 160-960", 160, 7, 960, 1, 1, 0, 1),
        ("mbv2 pw 7 960-160", 960, 7, 160, 1, 1, 0, 1),
        ("mbv2 pw 7 320-1280", 320, 7, 1280, 1, 1, 0, 1),
        ("mbv2 dw 112", 32, 112, 32, 3, 1, 1, 32),
        ("mbv2 dw 3x3/2", 96, 112, 96, 3, 2, 1, 96),
        ("mbv2 dw 3x3", 144, 56, 144, 3, 1, 1, 144),
        ("mbv2 dw 56/2", 144, 56, 144, 3, 2, 1, 144),
        ("mbv2 dw 28", 192, 28, 192, 3, 1, 1, 192),
        ("mbv2 dw 28/2", 192, 28, 192, 3, 2, 1, 192),
        ("mbv2 dw 14", 576, 14, 576, 3, 1, 1, 576),
        ("mbv2 dw 14/2", 576, 14, 576, 3, 2, 1, 576),
        ("mbv2 dw 7", 960, 7, 960, 3, 1, 1, 960),
        // squeezenet1_1's fire modules: the 3×3 expand convolutions on 55×55, 27×27 and 13×13.
        ("sq stem 3x3/2", 3, 224, 64, 3, 2, 0, 1),
        ("sq e1 55", 16, 55, 64, 1, 1, 0, 1),
        ("sq s 55", 128, 55, 16, 1, 1, 0, 1),
        ("sq e1 27", 32, 27, 128, 1, 1, 0, 1),
        ("sq s 13", 384, 13, 64, 1, 1, 0, 1),
        ("sq cls 13", 512, 13, 1000, 1, 1, 0, 1),
        ("sq e3 55", 16, 55, 64, 3, 1, 1, 1),
        ("sq e3 27", 32, 27, 128, 3, 1, 1, 1),
        ("sq e3 13a", 48, 13, 192, 3, 1, 1, 1),
        ("sq e3 13b", 64, 13, 256, 3, 1, 1, 1),
        ("conv1 7x7/2", 3, 224, 64, 7, 2, 3, 1),
        ("layer1 3x3", 64, 56, 64, 3, 1, 1, 1),
        ("layer2 3x3/2", 64, 56, 128, 3, 2, 1, 1),
        ("layer2 3x3", 128, 28, 128, 3, 1, 1, 1),
        ("layer3 3x3", 256, 14, 256, 3, 1, 1, 1),
        ("layer4 3x3", 512, 7, 512, 3, 1, 1, 1),
        // …and the stride-2 3×3s that open layer3 and layer4 (14×14 and 7×7 outputs).
        ("layer3 3x3/2", 128, 28, 256, 3, 2, 1, 1),
        ("layer4 3x3/2", 256, 14, 512, 3, 2, 1, 1),
        ("down3 1x1/2", 128, 28, 256, 1, 2, 0, 1),
        // …and the stride-1 1×1s its downsamples become once StridedPointwise has gathered their pixels (layer2, 3, 4).
        ("down2 1x1 gathered", 64, 28, 128, 1, 1, 0, 1),
        ("down3 1x1 gathered", 128, 14, 256, 1, 1, 0, 1),
        ("down4 1x1 gathered", 256, 7, 512, 1, 1, 0, 1),
    ];

    /// <summary>Single-threaded cost of packing every im2col block of every image (what the GEMM adds on top of its kernel).</summary>
    private static unsafe Timing.Sample PackOnly(ConvGeometry g, float[] x, BenchSettings settings)
    {
        int kc = 256, nc = 1024, nr = 32;
        var dst = new float[kc * nc + 64];
        return Timing.Measure(() =>
        {
            fixed (float* px = x, pd = dst)
                for (int b = 0; b < g.Batch; b++)
                {
                    var packer = new Im2ColPacker(g, px + (nint)b * g.InChannels * g.InSize);
                    for (int j = 0; j < g.OutSize; j += nc)
                        for (int p = 0; p < g.Depth; p += kc)
                            packer.Pack(p, Math.Min(kc, g.Depth - p), j, Math.Min(nc, g.OutSize - j), nr, pd);
                }
        }, warmup: 1, runs: settings.Runs(5));
    }

    /// <summary>An ungrouped convolution as <see cref="Convolution"/> runs it through the GEMM (phase im2col where worthwhile).</summary>
    private static unsafe void GemmPath(ConvGeometry g, float[] x, PackedMatrix[] packed, float[] y, Activation activation)
    {
        var layout = new PhaseLayout(g);
        int n = g.OutSize;
        fixed (float* px = x)
            for (int b = 0; b < g.Batch; b++)
            {
                float* xb = px + (nint)b * g.InChannels * g.InSize;
                var yb = y.AsSpan(b * g.OutChannels * n, g.OutChannels * n);
                if (g.IsPointwise) Sgemm.Multiply(packed[0], default, g.OutChannels, g.Depth, new MatrixB(xb, n, false), n, yb, n, default, activation);
                else if (PhaseIm2Col.Worthwhile(g, layout)) PhaseIm2Col.Forward(g, layout, xb, default, packed, default, yb, activation);
                else Sgemm.Multiply(packed[0], default, g.OutChannels, g.Depth, new Im2ColPacker(g, xb), n, yb, n, default, activation);
            }
    }

    private static unsafe void DepthwisePath(bool blocked, ConvGeometry g, float[] x, float[] w, float[] y, Activation activation)
    {
        fixed (float* px = x, pw = w, py = y)
        {
            if (blocked) DepthwiseBlocked256.Forward(g, px, pw, null, py, activation);
            else Depthwise3x3Rows256.Forward(g, px, pw, null, py, activation);
        }
    }

    private static unsafe void PlanePath(ConvGeometry g, float[] x, float[] w, float[] y, Activation activation)
    {
        fixed (float* px = x, pw = w, py = y) DepthwiseConv.ForwardPlanes(g, px, pw, null, py, activation);
    }

    private static unsafe void PointwisePath(ConvGeometry g, float[] x, ChannelPanelWeights w, float[] y, Activation activation)
    {
        fixed (float* px = x, py = y) Pointwise.Forward(g, px, w, null, py, activation);
    }

    private static unsafe void SmallMapPath(ConvGeometry g, float[] x, SmallMapWeights w, float[] y, Activation activation)
    {
        fixed (float* px = x, py = y) SmallMapConv.Forward(g, px, w, null, py, activation);
    }

    private static unsafe void ChannelLanePath(ConvGeometry g, float[] x, ChannelPanelWeights w, float[] y, Activation activation)
    {
        fixed (float* px = x, py = y) ChannelLaneConv.Forward(g, px, w, null, py, activation);
    }

    private static unsafe void DirectOrderedPath(ConvGeometry g, float[] x, DirectConvWeights w, float[] y, Activation activation)
    {
        fixed (float* px = x, py = y) DirectConv.Forward(g, px, w, null, py, activation);
    }

    private static unsafe void Direct256Path(ConvGeometry g, float[] x, DirectConvWeights w, float[] y, Activation activation)
    {
        fixed (float* px = x, py = y) DirectConv256.Forward(g, px, w, null, py, activation);
    }

    private static unsafe void DirectPath(ConvGeometry g, float[] x, float[] w, float[] y, Activation activation)
    {
        fixed (float* px = x, pw = w, py = y) DirectConv.Forward(g, px, pw, null, py, activation);
    }

    /// <summary>
    /// Process CPU seconds per call, the median of 7 blocks of calls each at least 20 ms long:
    /// with <c>DOTNET_PROCESSOR_COUNT=1</c> (<c>conv --cpu</c>), a per-layer figure that other load on the machine hardly moves.
    /// With <c>--min</c>, the fastest block instead: the undisturbed figure when other processes share the core.
    /// </summary>
    internal static double CpuPerCall(Action run)
    {
        run();
        double t0 = CpuClock.Seconds();
        run();
        int calls = Math.Max(1, (int)(s_blockSeconds / Math.Max(CpuClock.Seconds() - t0, 1e-6)));
        var blocks = new double[s_blocks];
        for (int i = 0; i < blocks.Length; i++)
        {
            double start = CpuClock.Seconds();
            for (int j = 0; j < calls; j++) run();
            blocks[i] = (CpuClock.Seconds() - start) / calls;
        }
        Array.Sort(blocks);
        return s_fastest ? blocks[0] : blocks[blocks.Length / 2];
    }

    private static bool s_fastest;

    /// <summary>
    /// Blocks per figure and their length (<c>--blocks 60 --block-ms 3</c>): with other processes on the cores, many short
    /// blocks give <c>--min</c> more chances of an undisturbed one.
    /// </summary>
    private static int s_blocks = 7;

    private static double s_blockSeconds = 0.02;

    /// <summary>With <c>--cold</c>: a buffer larger than the last-level cache, written before every timed call.</summary>
    private static byte[]? s_evict;

    private static int s_sink;

    /// <summary>
    /// With <c>--cold</c>, the median over 15 calls of one call's CPU seconds, each after the caches were
    /// flushed: the weights come from memory, as in a forward pass of a whole model, where every layer's
    /// weights are read once and evicted by the other layers' before they are read again.
    /// </summary>
    private static double CpuPerColdCall(Action run, byte[] evict)
    {
        run();
        var calls = new double[15];
        for (int i = 0; i < calls.Length; i++)
        {
            // Read, not written: dirty lines would be written back during the timed call.
            for (int j = 0; j < evict.Length; j += 64) s_sink += evict[j];
            double start = CpuClock.Seconds();
            run();
            calls[i] = CpuClock.Seconds() - start;
        }
        Array.Sort(calls);
        return calls[calls.Length / 2];
    }

    private static double Measure(Action run) => s_evict is null ? CpuPerCall(run) : CpuPerColdCall(run, s_evict);

    /// <summary>With <c>--silu</c>: CPU ns per value of <see cref="Logistic.Silu"/> in place, on an L1-sized and an L2-sized buffer.</summary>
    private static void SiluCost()
    {
        foreach (int n in new[] { 4096, 346112 })
        {
            var x = new float[n];
            var rng = new Random(1);
            for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 8 - 4);
            var y = new float[n];
            double cpu = CpuPerCall(() => Logistic.Silu(x, y));
            Console.WriteLine($"silu {n,7} values {cpu / n * 1e9,6:F3} ns per value");
        }
    }

    public static void Run(string[] args)
    {
        var settings = BenchSettings.From(args);
        bool cpuOnly = args.Contains("--cpu");
        s_fastest = args.Contains("--min");
        if (args.Contains("--blocks")) s_blocks = int.Parse(args[Array.IndexOf(args, "--blocks") + 1]);
        if (args.Contains("--block-ms")) s_blockSeconds = double.Parse(args[Array.IndexOf(args, "--block-ms") + 1], System.Globalization.CultureInfo.InvariantCulture) / 1e3;
        s_evict = args.Contains("--cold") ? new byte[512 << 20] : null;
        string? only = args.Contains("--only") ? args[Array.IndexOf(args, "--only") + 1] : null;
        // --silu: Logistic alone (ns per value), no layers.
        if (args.Contains("--silu"))
        {
            SiluCost();
            return;
        }
        int[] batches = args.Contains("--batch") ? [int.Parse(args[Array.IndexOf(args, "--batch") + 1])] : [1, 32];
        Console.WriteLine($"{"layer",-20} {"batch",5} {"wall",10} {"cpu/core",10} {"GFLOP/s",8} {"per cpu",8}");
        foreach (int batch in batches)
            foreach (var (name, c, h, m, k, stride, pad, group) in Layers.Where(l => only is null || l.Name.StartsWith(only, StringComparison.Ordinal)))
            {
                int outH = (h + 2 * pad - k) / stride + 1;
                var g = new ConvGeometry(batch, c, h, h, m, group, k, k, stride, stride, 1, 1, pad, pad, outH, outH);
                var rng = new Random(1);
                var x = new float[batch * c * h * h];
                var w = new float[m * c / group * k * k];
                var y = new float[batch * m * outH * outH];
                for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextDouble();
                for (int i = 0; i < w.Length; i++) w[i] = (float)rng.NextDouble() - 0.5f;
                var packed = Convolution.PackWeights(g, w);
                var activation = name.StartsWith("v8") || name.EndsWith("silu") ? Activation.Silu : Activation.Relu;
                if (cpuOnly)
                {
                    double gflops = 2.0 * batch * m * outH * outH * c / group * k * k / 1e9;
                    var pointwise = Pointwise.Handles(g) ? new ChannelPanelWeights(m, c, w, Pointwise.PanelWidth) : null;
                    var smallMap = Convolution.UsesSmallMap(g) ? new SmallMapWeights(m, g.Depth, w) : null;
                    var chosenLanes = Convolution.UsesChannelLanes(g) ? ChannelLaneConv.PackWeights(g, w) : null;
                    double cpu = Measure(() => Convolution.Forward(g, x, w, packed, default, y, activation, pointwise: pointwise, smallMap: smallMap,
                        channelLanes: chosenLanes));
                    Console.WriteLine($"{name,-20} {batch,5} {cpu * 1e3,10:F3} ms cpu {gflops / cpu,8:F1} GFLOP/s");
                    if (WinogradConv.Applies(g))
                    {
                        // Ahead of Convolution in the Conv operator; GFLOP/s counts the direct convolution's flops.
                        var u = WinogradConv.TransformWeights(m, c, w);
                        double wino = Measure(() => WinogradConv.Forward(g, x, u, default, y, activation));
                        Console.WriteLine($"{"  winograd",-20} {batch,5} {wino * 1e3,10:F3} ms cpu {gflops / wino,8:F1} GFLOP/s");
                    }
                    if (ChannelLaneConv.Handles(g) && m % ChannelLaneTile.Channels == 0 && chosenLanes is null)
                    {
                        // Output channels in the lanes, pixels broadcast from the padded planes.
                        var lanes = ChannelLaneConv.PackWeights(g, w);
                        double lane = Measure(() => ChannelLanePath(g, x, lanes, y, activation));
                        Console.WriteLine($"{(ChannelLaneConv.Applies(g) ? "  channel lanes" : "  channel lanes (off)"),-20} {batch,5} {lane * 1e3,10:F3} ms cpu {gflops / lane,8:F1} GFLOP/s");
                    }
                    if (chosenLanes is not null && DirectConv.Applies(g))
                    {
                        // The direct kernel the channel-lane one replaced, on the same operands.
                        var ordered = new DirectConvWeights(m, g.Depth, w);
                        double direct = Measure(() => DirectOrderedPath(g, x, ordered, y, activation));
                        Console.WriteLine($"{"  direct (off)",-20} {batch,5} {direct * 1e3,10:F3} ms cpu {gflops / direct,8:F1} GFLOP/s");
                    }
                    if (DirectConv256.Handles(g))
                    {
                        // The AVX2 direct kernel (ordered weights, as the operator keeps them) against the GEMM, whichever is chosen.
                        var ordered = new DirectConvWeights(m, g.Depth, w);
                        double direct = Measure(() => Direct256Path(g, x, ordered, y, activation));
                        Console.WriteLine($"{(DirectConv256.Applies(g) ? "  direct256 (on)" : "  direct256 (off)"),-20} {batch,5} {direct * 1e3,10:F3} ms cpu {gflops / direct,8:F1} GFLOP/s");
                        double gemm = Measure(() => GemmPath(g, x, packed, y, activation));
                        Console.WriteLine($"{"  as gemm",-20} {batch,5} {gemm * 1e3,10:F3} ms cpu {gflops / gemm,8:F1} GFLOP/s");
                    }
                    if (smallMap is not null || chosenLanes is not null)
                    {
                        // The GEMM the small-map kernel replaced, on the same operands.
                        double gemm = Measure(() => GemmPath(g, x, packed, y, activation));
                        Console.WriteLine($"{"  as gemm",-20} {batch,5} {gemm * 1e3,10:F3} ms cpu {gflops / gemm,8:F1} GFLOP/s");
                    }
                    if (SmallMapConv.Handles(g) && !Convolution.UsesSmallMap(g))
                    {
                        var panels = new SmallMapWeights(m, g.Depth, w);
                        double small = Measure(() => SmallMapPath(g, x, panels, y, activation));
                        Console.WriteLine($"{"  small map (off)",-20} {batch,5} {small * 1e3,10:F3} ms cpu {gflops / small,8:F1} GFLOP/s");
                    }
                    if (g.IsDepthwise && !System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
                    {
                        // Each AVX2 depthwise kernel that takes the layer and the plane-by-plane fallback, on the same operands.
                        if (DepthwiseBlocked256.Applies(g))
                        {
                            double blocked = Measure(() => DepthwisePath(blocked: true, g, x, w, y, activation));
                            Console.WriteLine($"{"  blocked 256",-20} {batch,5} {blocked * 1e3,10:F3} ms cpu {gflops / blocked,8:F1} GFLOP/s");
                        }
                        if (Depthwise3x3Rows256.Applies(g))
                        {
                            double rows = Measure(() => DepthwisePath(blocked: false, g, x, w, y, activation));
                            Console.WriteLine($"{"  rows 256",-20} {batch,5} {rows * 1e3,10:F3} ms cpu {gflops / rows,8:F1} GFLOP/s");
                        }
                        double planes = Measure(() => PlanePath(g, x, w, y, activation));
                        Console.WriteLine($"{"  by plane",-20} {batch,5} {planes * 1e3,10:F3} ms cpu {gflops / planes,8:F1} GFLOP/s");
                    }
                    if (pointwise is not null)
                    {
                        // The kernel Convolution does not pick for this shape, on the same operands.
                        bool direct = Convolution.UsesPointwise(g);
                        double other = Measure(() => { if (direct) GemmPath(g, x, packed, y, activation); else PointwisePath(g, x, pointwise, y, activation); });
                        Console.WriteLine($"{(direct ? "  as gemm" : "  pointwise (off)"),-20} {batch,5} {other * 1e3,10:F3} ms cpu {gflops / other,8:F1} GFLOP/s");
                    }
                    continue;
                }
                var wallSmallMap = Convolution.UsesSmallMap(g) ? new SmallMapWeights(m, g.Depth, w) : null;
                var s = Timing.Measure(() => Convolution.Forward(g, x, w, packed, default, y, activation, smallMap: wallSmallMap), warmup: 2, runs: settings.Runs(batch == 1 ? 30 : 5));
                double gflop = 2.0 * batch * m * outH * outH * c / group * k * k / 1e9;
                string pack = args.Contains("--pack") && group == 1 ? $"  im2col alone {Timing.Ms(PackOnly(g, x, settings).Cpu)} cpu" : "";
                Console.WriteLine($"{name,-14} {batch,5} {Timing.Ms(s.Wall),10} {Timing.Ms(s.CpuPerCore),10} {gflop / s.Wall,8:F1} {gflop / s.CpuPerCore,8:F1}{pack}");
                if (g.IsDepthwise && DepthwiseBlocked.Applies(g))
                {
                    // The plane-by-plane kernel the blocked one replaced.
                    var sp = Timing.Measure(() => PlanePath(g, x, w, y, activation), warmup: 2, runs: settings.Runs(batch == 1 ? 30 : 5));
                    Console.WriteLine($"{"  by plane",-14} {batch,5} {Timing.Ms(sp.Wall),10} {Timing.Ms(sp.CpuPerCore),10} {gflop / sp.Wall,8:F1} {gflop / sp.CpuPerCore,8:F1}");
                }
                if (NarrowConv.Applies(g) || Convolution.UsesSmallMap(g))
                {
                    // The GEMM path the direct kernel replaced, on the same operands.
                    var sg = Timing.Measure(() => GemmPath(g, x, packed, y, activation), warmup: 2, runs: settings.Runs(batch == 1 ? 30 : 5));
                    Console.WriteLine($"{"  as gemm",-14} {batch,5} {Timing.Ms(sg.Wall),10} {Timing.Ms(sg.CpuPerCore),10} {gflop / sg.Wall,8:F1} {gflop / sg.CpuPerCore,8:F1}");
                }
                if (DirectConv.Handles(g))
                {
                    // The direct kernel on wide rows, whether or not Convolution picks it for this shape.
                    var sd = Timing.Measure(() => DirectPath(g, x, w, y, activation), warmup: 2, runs: settings.Runs(batch == 1 ? 30 : 5));
                    Console.WriteLine($"{(DirectConv.Applies(g) ? "  direct (on)" : "  direct (off)"),-14} {batch,5} {Timing.Ms(sd.Wall),10} {Timing.Ms(sd.CpuPerCore),10} {gflop / sd.Wall,8:F1} {gflop / sd.CpuPerCore,8:F1}");
                }
                if (WinogradConv.Applies(g))
                {
                    // GFLOP/s counts the direct convolution's flops, so the two lines compare by time.
                    var u = WinogradConv.TransformWeights(m, c, w);
                    var sw = Timing.Measure(() => WinogradConv.Forward(g, x, u, default, y, activation), warmup: 2, runs: settings.Runs(batch == 1 ? 30 : 5));
                    Console.WriteLine($"{"  winograd",-14} {batch,5} {Timing.Ms(sw.Wall),10} {Timing.Ms(sw.CpuPerCore),10} {gflop / sw.Wall,8:F1} {gflop / sw.CpuPerCore,8:F1}");
                }
            }
    }
}
