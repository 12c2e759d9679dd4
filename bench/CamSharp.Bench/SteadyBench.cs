using System.Diagnostics;
using System.Diagnostics.Tracing;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>
/// Where slow rounds come from (issue 20's jitter): our forward alone, or alternating with ONNX
/// Runtime (<c>--ort</c>), in rounds of runs; for each round its median, minimum and maximum, the
/// bytes allocated per run on every thread, the collections of each generation, and the worker
/// team's regions, regions run on the caller alone, wake-ups from a blocked wait, regions whose
/// caller waited at the end for another thread's item, its waiting time per run, and the items the workers ran per run.
/// <c>steady MODEL [--batch N] [--rounds N] [--runs N] [--ort] [--types]</c>; <c>--types</c> samples what
/// the allocations are (the runtime's allocation ticks, one per ~100 KB).
/// </summary>
internal static class SteadyBench
{
    public static void Run(string[] args)
    {
        string name = args.FirstOrDefault(a => !a.StartsWith("--")) ?? "resnet18";
        int rounds = IntOption(args, "--rounds", 7), runs = IntOption(args, "--runs", 10), batch = IntOption(args, "--batch", 1);
        var (_, path, size) = SideBySideBench.Models.First(m => m.Name == name);
        string full = Path.Combine(References.Shared, path);
        var model = Model.Load(full);
        using var peer = args.Contains("--ort") ? new OrtPeer(full) : null;
        var data = new float[batch * 3 * size * size];
        for (int i = 0; i < data.Length; i++) data[i] = (float)Math.Sin(i * 0.37);
        var input = Tensor.FromFloats(data, batch, 3, size, size);
        long[] shape = [batch, 3, size, size];
        void Ours() { using var pass = model.Session.Run(input); }
        // Warm-up as long as the side-by-side bench's: the runtime's background recompilation would otherwise land in the rounds.
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < runs || warm.Elapsed.TotalSeconds < 3; i++) { Ours(); peer?.Run(data, shape); }

        using var sampler = args.Contains("--types") ? new AllocationSampler() : null;
        Console.WriteLine($"{name} batch {batch}, {Environment.ProcessorCount} threads, {rounds} rounds of {runs} runs{(peer is null ? "" : ", alternating with ONNX Runtime")}; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"{"round",5} {"median",9} {"min",9} {"max",9} {"alloc/run",10} {"gc0",4} {"gc1",4} {"gc2",4} {"regions",8} {"inline",7} {"wakes",6} {"waits",6} {"wait ms",8} {"helper",7}");
        var medians = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            if (peer is not null) for (int i = 0; i < runs; i++) peer.Run(data, shape);
            var times = new double[runs];
            int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
            var team = WorkerTeam.Counters;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < runs; i++)
            {
                long start = Stopwatch.GetTimestamp();
                Ours();
                times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var delta = WorkerTeam.Counters - team;
            medians[r] = Stats.Percentile(times, 0.5);
            Console.WriteLine($"{r,5} {Timing.Ms(medians[r]),9} {Timing.Ms(times.Min()),9} {Timing.Ms(times.Max()),9} {allocated / runs / 1024.0,6:F1} KiB {GC.CollectionCount(0) - g0,4} {GC.CollectionCount(1) - g1,4} {GC.CollectionCount(2) - g2,4} {delta.Regions / runs,8} {delta.Inline / runs,7} {delta.Wakes / (double)runs,6:F1} {delta.Waits / runs,6} {delta.WaitTicks * 1000.0 / Stopwatch.Frequency / runs,8:F3} {delta.WorkerItems / runs,7}");
        }
        var stats = Stats.Of(medians);
        Console.WriteLine($"median of round medians {Timing.Ms(stats.Median)}, p90/p50 {stats.Spread:F2}; load {File.ReadAllText("/proc/loadavg").Trim()}");
        if (sampler is not null)
            foreach (var (type, count) in sampler.Top(15)) Console.WriteLine($"  {count,5} x ~100 KB  {type}");
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        args.Contains(name) ? int.Parse(args[Array.IndexOf(args, name) + 1]) : fallback;

    /// <summary>Counts the runtime's GC AllocationTick events by type name.</summary>
    private sealed class AllocationSampler : EventListener
    {
        private readonly Dictionary<string, int> _types = [];

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is not { } n || !n.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
            int index = e.PayloadNames?.IndexOf("TypeName") ?? -1;
            string type = index >= 0 ? e.Payload[index]?.ToString() ?? "?" : "?";
            lock (_types) _types[type] = _types.GetValueOrDefault(type) + 1;
        }

        public IEnumerable<(string, int)> Top(int n)
        {
            lock (_types) return _types.OrderByDescending(kv => kv.Value).Take(n).Select(kv => (kv.Key, kv.Value)).ToList();
        }
    }
}
