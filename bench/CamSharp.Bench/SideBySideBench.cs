using System.Diagnostics;
using System.Text.Json;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>
/// Issue 20's protocol: ours and ONNX Runtime in this process, on the same N(0,1) input, in
/// alternating rounds of 10 runs (the engine that goes first alternates too), 7 rounds; each
/// engine's figure is the median of its round medians and its steadiness is p90/p50 of those
/// round medians. Batch 1 gives forward time, batch 8 images per second.
/// <c>ort [MODEL…] [--rounds N] [--runs N] [--batch 1|8] [--json FILE] [--cpu] [--settle MS]</c>; <c>--cpu</c> times
/// process CPU instead of wall time, which only means something at one thread
/// (<c>DOTNET_PROCESSOR_COUNT=1</c>, which both engines follow) and is then steady under other load.
/// <c>--settle MS</c> sleeps before every round, so neither engine's round starts while the other's
/// threads still spin from the round before (ONNX Runtime's workers spin about 2^20 pauses after a
/// run): a diagnosis of how much of a ratio is that overlap, not the protocol.
/// </summary>
internal static class SideBySideBench
{
    public static IReadOnlyList<(string Name, string Path, int Size)> Models { get; } =
    [
        ("resnet18", "fixtures/models/resnet18.onnx", 224),
        ("mobilenet_v2", "fixtures/models/mobilenet_v2.onnx", 224),
        ("squeezenet1_1_tv", "assets/models/squeezenet1_1_tv.onnx", 224),
        ("yolov8n_dequant_fp32", "assets/models/yolov8n_dequant_fp32.onnx", 640),
        ("yolox_nano", "assets/models/yolox_nano.onnx", 416),
    ];

    public static void Run(string[] args)
    {
        int rounds = IntOption(args, "--rounds", 7), runs = IntOption(args, "--runs", 10);
        s_cpu = args.Contains("--cpu");
        s_settleMs = IntOption(args, "--settle", 0);
        int[] batches = args.Contains("--batch") ? [IntOption(args, "--batch", 1)] : [1, 8];
        string? json = args.Contains("--json") ? args[Array.IndexOf(args, "--json") + 1] : null;
        var named = args.Where((a, i) => !a.StartsWith("--") && (i == 0 || !args[i - 1].StartsWith("--"))).ToHashSet();
        string loadBefore = LoadAverage();
        Console.WriteLine($"ours vs ONNX Runtime 1.32, one process, {Environment.ProcessorCount} threads, {(s_cpu ? "CPU" : "wall")} time, {rounds} alternating rounds of {runs} runs{(s_settleMs > 0 ? $", {s_settleMs} ms pause before each round" : "")}, N(0,1) input; load {loadBefore}");
        Console.WriteLine($"{"model",-22} {"batch",5} {"ours",10} {"p90/p50",8} {"ORT",10} {"p90/p50",8} {"ratio",7} {"ours img/s",11} {"ORT img/s",10} {"ours alloc/run",12} {"",3}");
        var rows = new List<SideBySideRow>();
        foreach (var (name, path, size) in Models.Where(m => named.Count == 0 || named.Contains(m.Name)))
        {
            string full = Path.Combine(References.Shared, path);
            var model = Model.Load(full);
            using var peer = new OrtPeer(full);
            foreach (int batch in batches)
            {
                var row = Measure(name, model, peer, size, batch, rounds, runs);
                rows.Add(row);
                Console.WriteLine($"{name,-22} {batch,5} {Timing.Ms(row.Ours.Median),10} {row.Ours.Spread,8:F2} {Timing.Ms(row.Ort.Median),10} {row.Ort.Spread,8:F2} {row.Ratio,6:F2}x {batch / row.Ours.Median,11:F1} {batch / row.Ort.Median,10:F1} {row.OursBytesPerRun / 1024.0,8:F0} KiB {row.Gen0Collections,3} gc0{(row.BatchOnes ? "  (graph fixes batch 1: 8 batch-1 passes)" : "")}");
            }
        }
        string loadAfter = LoadAverage();
        Console.WriteLine($"ratio = ours / ONNX Runtime (time per batch); load average before {loadBefore}, after {loadAfter}");
        if (json is not null)
            File.WriteAllText(json, JsonSerializer.Serialize(new { threads = Environment.ProcessorCount, clock = s_cpu ? "cpu" : "wall", rounds, runs, settle_ms = s_settleMs, load_before = loadBefore, load_after = loadAfter, rows },
                new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
    }

    private static SideBySideRow Measure(string name, Model model, OrtPeer peer, int size, int batch, int rounds, int runs)
    {
        // A model whose graph fixes batch 1 (a Reshape to [1, …]) runs a batch as that many batch-1 passes, in both engines.
        bool whole = batch == 1 || AcceptsBatch(model, batch, size);
        int planned = whole ? batch : 1, repeat = whole ? 1 : batch;
        var data = NormalInput(planned * 3 * size * size);
        long[] shape = [planned, 3, size, size];
        var input = Tensor.FromFloats(data, planned, 3, size, size);
        Action ours = () => { for (int i = 0; i < repeat; i++) { using var pass = model.Session.Run(input); } };
        Action ort = () => { for (int i = 0; i < repeat; i++) peer.Run(data, shape); };
        // Warm-up: the JIT's tiers and both engines' caches (packed weights, plans, arenas). Time as well as runs:
        // the runtime recompiles hot methods in the background in stages (tier 0, instrumented, tier 1), the first
        // only 100 ms after the last new method, so ten runs of a 5 ms model still timed methods mid-way (and the
        // compiler's own CPU time), which made our round medians spread (p90/p50 1.4-1.9 at one thread, 1.0 with
        // DOTNET_TieredCompilation=0).
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < runs || warm.Elapsed.TotalSeconds < WarmupSeconds; i++) { ours(); ort(); }
        var oursRounds = new double[rounds];
        var ortRounds = new double[rounds];
        long allocated = 0;
        int collections = GC.CollectionCount(0);
        for (int r = 0; r < rounds; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            if (r % 2 == 0) { oursRounds[r] = RoundMedian(ours, runs); allocated += GC.GetAllocatedBytesForCurrentThread() - before; ortRounds[r] = RoundMedian(ort, runs); }
            else { ortRounds[r] = RoundMedian(ort, runs); before = GC.GetAllocatedBytesForCurrentThread(); oursRounds[r] = RoundMedian(ours, runs); allocated += GC.GetAllocatedBytesForCurrentThread() - before; }
        }
        // Garbage is a source of jitter: what one of our forward passes allocates on the calling thread, and the gen-0 collections meanwhile.
        return new SideBySideRow(name, batch, Stats.Of(oursRounds), Stats.Of(ortRounds))
        {
            BatchOnes = !whole,
            OursBytesPerRun = allocated / ((long)rounds * runs),
            Gen0Collections = GC.CollectionCount(0) - collections,
        };
    }

    private static bool AcceptsBatch(Model model, int batch, int size)
    {
        try
        {
            // Planning alone does not see rows that would mix (a Reshape keeping batch 1): run once.
            using var input = Tensor.FromFloats(new float[batch * 3 * size * size], batch, 3, size, size);
            using var pass = model.Session.Run(input);
            return true;
        }
        catch (CamSharp.Engine.InputException)
        {
            return false;
        }
    }

    private static bool s_cpu;
    private static int s_settleMs;

    /// <summary>Least warm-up per model and batch, alternating both engines.</summary>
    private const double WarmupSeconds = 3;

    private static double RoundMedian(Action run, int runs)
    {
        var times = new double[runs];
        if (s_settleMs > 0) Thread.Sleep(s_settleMs);
        for (int i = 0; i < runs; i++)
        {
            if (s_cpu)
            {
                double cpu0 = CpuClock.Seconds();
                run();
                times[i] = CpuClock.Seconds() - cpu0;
                continue;
            }
            long start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        return Stats.Percentile(times, 0.5);
    }

    /// <summary>N(0,1) by Box–Muller from a fixed seed: the same input for both engines and every run.</summary>
    private static float[] NormalInput(int count)
    {
        var rng = new Random(20);
        var data = new float[count];
        for (int i = 0; i < count; i += 2)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble(), r = Math.Sqrt(-2 * Math.Log(u1));
            data[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < count) data[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
        return data;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static int IntOption(string[] args, string name, int fallback) =>
        args.Contains(name) ? int.Parse(args[Array.IndexOf(args, name) + 1]) : fallback;
}

/// <summary>One engine's round medians (seconds), their median and p90/p50.</summary>
internal sealed record RoundStats(double[] RoundsS, double Median, double Spread);

/// <summary>One model at one batch: both engines' round statistics; ratio = ours / ONNX Runtime.</summary>
internal sealed record SideBySideRow(string Model, int Batch, RoundStats Ours, RoundStats Ort)
{
    public double Ratio => Ours.Median / Ort.Median;

    /// <summary>The graph fixes batch 1, so both engines ran the batch as batch-1 passes.</summary>
    public bool BatchOnes { get; init; }

    /// <summary>Bytes our pass allocated on the calling thread, per timed run (batch).</summary>
    public long OursBytesPerRun { get; init; }

    /// <summary>Gen-0 collections during the timed rounds of both engines.</summary>
    public int Gen0Collections { get; init; }
}

internal static class Stats
{
    public static RoundStats Of(double[] rounds) =>
        new(rounds, Percentile(rounds, 0.5), Percentile(rounds, 0.9) / Percentile(rounds, 0.5));

    /// <summary>Linear interpolation between closest ranks (numpy's default).</summary>
    public static double Percentile(double[] values, double p)
    {
        var s = values.Order().ToArray();
        double pos = p * (s.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, s.Length - 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }
}
