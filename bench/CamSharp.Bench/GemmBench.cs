using CamSharp.Tensors.Kernels;

namespace CamSharp.Bench;

/// <summary>GEMM 2048³ throughput (the figure issue 8 compares with oneDNN's) on 1 thread and on all cores.</summary>
internal static class GemmBench
{
    public const int Size = 2048;

    public static void Run(string[] args)
    {
        if (args.Contains("--shape"))
        {
            Shape(args.SkipWhile(a => a != "--shape").Skip(1).Take(3).Select(int.Parse).ToArray(), args.Contains("--cpu"));
            return;
        }
        bool quick = args.Contains("--quick");
        Console.WriteLine($"GEMM {Size}³ fp32, kernel {Sgemm.Selected}");
        Console.WriteLine($"{"threads",-8} {"wall",10} {"cpu",10} {"GFLOP/s",9} {"GFLOP/s per cpu-s",18}");
        foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            var s = Measure(threads, quick ? 3 : 9);
            double gflop = 2.0 * Size * Size * Size / 1e9;
            Console.WriteLine($"{threads,-8} {Timing.Ms(s.Wall),10} {Timing.Ms(s.Cpu),10} {gflop / s.Wall,9:F1} {gflop / s.Cpu * threads,18:F1}");
        }
        if (Sgemm.Selected == SgemmKernel.Avx512) KernelCeiling();
        if (Sgemm.Selected == SgemmKernel.Avx2) KernelCeiling256(1024);
    }

    /// <summary>
    /// The AVX2 micro-kernel alone on one cached A panel and a B block <paramref name="nc"/> columns
    /// wide, as the driver packs it (1024: 1 MiB, from L3 on a Zen 3 core with 512 KiB of L2; 256 wide,
    /// in L2, measured the same, 58.6 against 58.1 per cpu-s). Zen 3 peaks at 32 flops per cycle.
    /// </summary>
    private static unsafe void KernelCeiling256(int nc)
    {
        const int kc = 256;
        int reps = 400 * 1024 / nc;
        var a = SgemmScratch.AllocateAligned(6 * kc);
        var b = SgemmScratch.AllocateAligned(kc * nc);
        var c = SgemmScratch.AllocateAligned(6 * nc);
        float* pa = SgemmScratch.Aligned(a), pb = SgemmScratch.Aligned(b), pc = SgemmScratch.Aligned(c);
        for (int i = 0; i < 6 * kc; i++) pa[i] = 1e-3f * (i % 7);
        for (int i = 0; i < kc * nc; i++) pb[i] = 1e-3f * (i % 5);
        var s = Timing.Measure(() =>
        {
            for (int r = 0; r < reps; r++)
                for (int jr = 0; jr < nc; jr += 16) SgemmKernel256.Run(kc, pa, pb + jr * kc, pc + jr, nc, 1f, 0f, null);
        }, warmup: 2, runs: 7);
        double gflop = 2.0 * 6 * nc * kc * reps / 1e9;
        Console.WriteLine($"micro-kernel alone (1 thread, B {nc} wide): {gflop / s.Wall:F1} GFLOP/s wall, {gflop / s.Cpu:F1} per cpu-s");
    }

    /// <summary>
    /// <c>gemm --shape M N K</c>: one product with A prepacked (a convolution's weights) on all
    /// cores, e.g. 512 49 4608 for resnet18's layer4 3×3 convolutions; <c>--cpu</c> times CPU per call instead
    /// (with <c>DOTNET_PROCESSOR_COUNT=1</c>, steady under other load).
    /// </summary>
    private static void Shape(int[] mnk, bool cpu)
    {
        if (mnk.Length != 3) throw new BenchFailure("--shape takes M N K");
        int m = mnk[0], n = mnk[1], k = mnk[2];
        var rng = new Random(1);
        var a = RandomMatrix(rng, m * k);
        var b = RandomMatrix(rng, k * n);
        var c = new float[m * n];
        var packed = Sgemm.PackA(false, m, k, a, k);
        if (cpu)
        {
            double seconds = ConvBench.CpuPerCall(() => Sgemm.Multiply(packed, Environment.ProcessorCount, false, n, 1f, b, n, 0f, c, n, default));
            Console.WriteLine($"{m}x{n}x{k} prepacked A: {seconds * 1e3:F3} ms cpu, {2.0 * m * n * k / 1e9 / seconds:F1} GFLOP/s per cpu-s");
            return;
        }
        var s = Timing.Measure(() => Sgemm.Multiply(packed, Environment.ProcessorCount, false, n, 1f, b, n, 0f, c, n, default), warmup: 20, runs: 201);
        Console.WriteLine($"{m}x{n}x{k} prepacked A: {Timing.Ms(s.Wall)} wall, {2.0 * m * n * k / 1e9 / s.Wall:F1} GFLOP/s");
    }

    /// <summary>The micro-kernel alone on one cached A panel and one L2-sized B block: what blocking can at best reach per core.</summary>
    private static unsafe void KernelCeiling()
    {
        const int kc = 256, nc = 1024, reps = 400;
        var a = SgemmScratch.AllocateAligned(14 * kc);
        var b = SgemmScratch.AllocateAligned(kc * nc);
        var c = SgemmScratch.AllocateAligned(14 * nc);
        float* pa = SgemmScratch.Aligned(a), pb = SgemmScratch.Aligned(b), pc = SgemmScratch.Aligned(c);
        for (int i = 0; i < 14 * kc; i++) pa[i] = 1e-3f * (i % 7);
        for (int i = 0; i < kc * nc; i++) pb[i] = 1e-3f * (i % 5);
        var s = Timing.Measure(() =>
        {
            for (int r = 0; r < reps; r++)
                for (int jr = 0; jr < nc; jr += 32) SgemmKernel512.Run(kc, pa, pb + jr * kc, pc + jr, nc, 1f, 0f, null);
        }, warmup: 2, runs: 7);
        double gflop = 2.0 * 14 * nc * kc * reps / 1e9;
        Console.WriteLine($"micro-kernel alone (1 thread): {gflop / s.Wall:F1} GFLOP/s wall, {gflop / s.Cpu:F1} per cpu-s");
    }

    /// <summary>Median wall and CPU time of one 2048³ multiply on <paramref name="threads"/> threads.</summary>
    public static Timing.Sample Measure(int threads, int runs)
    {
        var rng = new Random(1);
        var a = RandomMatrix(rng, Size * Size);
        var b = RandomMatrix(rng, Size * Size);
        var c = new float[Size * Size];
        return Timing.Measure(() => Sgemm.Multiply(Sgemm.Selected, threads, false, false, Size, Size, Size, 1f, a, Size, b, Size, 0f, c, Size, default),
            warmup: 2, runs: runs);
    }

    private static float[] RandomMatrix(Random rng, int length)
    {
        var m = new float[length];
        for (int i = 0; i < length; i++) m[i] = (float)rng.NextDouble();
        return m;
    }

    public static double Gflops(double seconds) => 2.0 * Size * Size * Size / 1e9 / seconds;

    /// <summary>Summary rows: all cores against oneDNN's inner product (baseline.md), and one thread.</summary>
    public static IEnumerable<BenchRow> TableRows(BenchSettings settings)
    {
        int threads = Environment.ProcessorCount;
        // One thread first: at the start of `all` the runtime's background JIT still takes a
        // core now and then, which an all-core figure measured first would absorb.
        var one = Measure(1, settings.Runs(5));
        PeakMemory.Reset();
        var all = Measure(threads, settings.Runs(9));
        yield return new BenchRow("gemm 2048³", $"{threads} threads", settings.Runs(9), all.Wall, all.CpuPerCore, References.Gemm("onednn_linear"), "oneDNN linear")
        {
            Gflops = Gflops(all.Wall),
            PeakRss = PeakMemory.Peak(),
            Note = $"{Gflops(all.CpuPerCore):F0} GFLOP/s per CPU time; goal ≥ 120 GFLOP/s (60 % of oneDNN)",
        };
        yield return new BenchRow("gemm 2048³", "1 thread", settings.Runs(5), one.Wall, one.Cpu, null, "")
        {
            Gflops = Gflops(one.Wall),
            Note = $"{Gflops(one.Cpu):F0} GFLOP/s per CPU time",
        };
    }
}
