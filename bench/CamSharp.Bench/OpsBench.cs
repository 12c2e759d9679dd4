using System.Diagnostics;
using CamSharp.Engine;
using CamSharp.Ops;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>
/// The operators between the convolutions alone, on the shapes the bench models give them
/// (ResNet's and SqueezeNet's pools at batch 1 and 8, YOLOX's SPP pools, the YOLO necks' 2×
/// upsampling), and the executor's cost per node on a chain of 100 tiny Identity/Add nodes.
/// <c>ops [--runs N] [--cpu] [--split] [--concat]</c>; medians in µs, wall time unless <c>--cpu</c>.
/// </summary>
internal static class OpsBench
{
    private static readonly (string Name, string Op, int[] Shape, Attributes Attrs, Tensor?[] Extra)[] Cases =
    [
        ("resnet maxpool 3/2 b1", "MaxPool", [1, 64, 112, 112], Pool(3, 2, 1), []),
        ("resnet maxpool 3/2 b8", "MaxPool", [8, 64, 112, 112], Pool(3, 2, 1), []),
        ("squeeze maxpool 3/2 b8", "MaxPool", [8, 64, 111, 111], Pool(3, 2, 0, ceil: true), []),
        ("yolox spp 5/1", "MaxPool", [1, 128, 13, 13], Pool(5, 1, 2), []),
        ("yolox spp 13/1", "MaxPool", [1, 128, 13, 13], Pool(13, 1, 6), []),
        ("v8 sppf 5/1", "MaxPool", [1, 128, 20, 20], Pool(5, 1, 2), []),
        ("v8 resize 2x 40", "Resize", [1, 128, 40, 40], NearestFloor(), [null, Tensor.FromFloats([1, 1, 2, 2], 4)]),
        ("yolox resize 2x 26", "Resize", [1, 64, 26, 26], NearestFloor(), [null, Tensor.FromFloats([1, 1, 2, 2], 4)]),
        ("v8 sigmoid head", "Sigmoid", [1, 80, 8400], new Attributes(), []),
        ("mbv2 gap b8", "GlobalAveragePool", [8, 1280, 7, 7], new Attributes(), []),
        ("yolox focus b1", FocusSpaceToDepth.OpType, [1, 3, 416, 416], new Attributes(), []),
        ("yolox focus b8", FocusSpaceToDepth.OpType, [8, 3, 416, 416], new Attributes(), []),
        ("spacetodepth 2 b1", "SpaceToDepth", [1, 3, 416, 416], new Attributes().Set("blocksize", 2L), []),
    ];

    public static void Run(string[] args)
    {
        int runs = args.Contains("--runs") ? int.Parse(args[Array.IndexOf(args, "--runs") + 1]) : 200;
        s_cpu = args.Contains("--cpu");
        Console.WriteLine($"operators alone, {Environment.ProcessorCount} threads, {(s_cpu ? "CPU" : "wall")} time, median of {runs} runs (µs)");
        foreach (var (name, op, shape, attrs, extra) in Cases)
            Console.WriteLine($"  {name,-26} {Median(OpRunner(op, shape, attrs, extra), runs),10:F1}");
        foreach (int n in new[] { 1 << 20, 8 << 20 })
        {
            var a = new float[n];
            var b = new float[n];
            Console.WriteLine($"  {$"copy {4 * n >> 20} MB (memory speed)",-26} {Median(() => a.AsSpan().CopyTo(b), runs),10:F1}");
        }
        var (perRun, nodes) = ExecutorChain(runs);
        Console.WriteLine($"  executor: {nodes} tiny nodes per run {perRun,10:F1} µs = {perRun / nodes:F2} µs per node");
        if (args.Contains("--split")) Split(Math.Max(3, runs / 20));
        if (args.Contains("--concat")) ConcatInPlace(Math.Max(5, runs / 10));
    }

    /// <summary>Batch-1 forward with Concat blocks written in place against copied, and each way's slowest nodes.</summary>
    private static void ConcatInPlace(int runs)
    {
        Console.WriteLine($"batch 1: Concat blocks written in place against copied (ms, median of {runs})");
        foreach (var (name, path, size) in SideBySideBench.Models.Skip(2))
        {
            var session = Model.Load(Path.Combine(References.Shared, path)).Session;
            var input = Tensor.FromFloats(Enumerable.Range(0, 3 * size * size).Select(i => (float)Math.Sin(i)).ToArray(), 1, 3, size, size);
            foreach (bool inPlace in new[] { true, false, true, false })
            {
                var options = new RunOptions { WriteConcatsInPlace = inPlace };
                double ms = Median(() => { using var pass = session.Run(input, options); }, runs) / 1000;
                using var profiled = session.Run(input, options with { Profile = true });
                var slowest = profiled.NodeTimes!.OrderByDescending(t => t.Seconds).Take(3).Select(t => $"{t.Node.DisplayName} {t.Seconds * 1000:F2}");
                Console.WriteLine($"  {name,-20} {(inPlace ? "in place" : "copied"),-9} {ms,8:F2}   slowest: {string.Join(", ", slowest)}");
            }
        }
    }

    /// <summary>Batch 8 as one pass against one pass per image, beside what the automatic choice weighs (weights against activations).</summary>
    private static void Split(int runs)
    {
        Console.WriteLine($"batch 8: one batched pass against a pass per image (ms, median of {runs})");
        foreach (var (name, path, size) in SideBySideBench.Models.Take(3))
        {
            var session = Model.Load(Path.Combine(References.Shared, path)).Session;
            var input = Tensor.FromFloats(Enumerable.Range(0, 8 * 3 * size * size).Select(i => (float)Math.Sin(i)).ToArray(), 8, 3, size, size);
            var single = session.GetPlan(1, 3, size, size);
            double Time(BatchSplit split) => Median(() => { using var pass = session.Run(input, new RunOptions { SplitBatch = split }); }, runs) / 1000;
            double never = Time(BatchSplit.Never), always = Time(BatchSplit.Always);
            Console.WriteLine($"  {name,-20} batched {never,8:F1}  per image {always,8:F1}  weights {single.ConstantFloatBytes >> 20} MB, activations {single.ActivationBytes() >> 20} MB per image");
        }
    }

    private static Attributes Pool(int k, int s, int p, bool ceil = false) =>
        new Attributes().Set("kernel_shape", new long[] { k, k }).Set("strides", new long[] { s, s })
            .Set("pads", new long[] { p, p, p, p }).Set("ceil_mode", ceil ? 1 : 0);

    private static Attributes NearestFloor() =>
        new Attributes().Set("mode", "nearest").Set("coordinate_transformation_mode", "asymmetric").Set("nearest_mode", "floor");

    /// <summary>One node, inferred once, whose forward runs into preallocated outputs.</summary>
    private static Action OpRunner(string opType, int[] shape, Attributes attrs, Tensor?[] extra)
    {
        var x = Tensor.FromFloats(Enumerable.Range(0, ShapeUtil.Size(shape)).Select(i => (float)Math.Sin(i)).ToArray(), shape);
        Tensor?[] inputs = [x, .. extra];
        // The fused Focus stem is an internal operator: its node lives in CamSharp's own domain.
        string domain = opType == FocusSpaceToDepth.OpType ? RequantizedConv.Domain : "";
        var node = new Node($"/bench/{opType}", opType, inputs.Select((t, i) => t is null ? "" : $"x{i}").ToArray(), ["y"], attrs, domain);
        var op = OperatorRegistry.Create(node, 19);
        var infos = inputs.Select(t => t is null ? (TensorInfo?)null : new TensorInfo(t.Type, t.Shape)).ToArray();
        var ctx = new InferContext(infos, inputs.Select((t, i) => i == 0 ? null : t).ToArray(), 1);
        op.Infer(ctx);
        var outputs = new[] { Tensor.Uninitialized(DataType.Float32, ctx.Outputs[0]!.Value.Shape) };
        return () => op.Forward(new ForwardContext(inputs, outputs));
    }

    /// <summary>x → (Identity, Add with a constant) × 50 → y on an 8-element tensor: what the executor costs per node.</summary>
    private static (double PerRunUs, int Nodes) ExecutorChain(int runs)
    {
        const int pairs = 50;
        var nodes = new List<Node>();
        string previous = "x";
        for (int i = 0; i < pairs; i++)
        {
            nodes.Add(new Node($"/chain/id{i}", "Identity", [previous], [$"i{i}"]));
            previous = i == pairs - 1 ? "y" : $"a{i}";
            nodes.Add(new Node($"/chain/add{i}", "Add", [$"i{i}", "one"], [previous]));
        }
        var graph = new Graph(nodes, new Dictionary<string, Tensor> { ["one"] = Tensor.FromFloats([1f], 1) },
            [new GraphInput("x", DataType.Float32, [1, 8])], ["y"], 17, "chain");
        using var session = new Session(graph);
        var input = Tensor.FromFloats(new float[8], 1, 8);
        return (Median(() => { using var pass = session.Run(input); }, runs), nodes.Count);
    }

    // --cpu: process CPU time instead of wall time (steady under other load at one thread, DOTNET_PROCESSOR_COUNT=1).
    private static bool s_cpu;

    private static double Median(Action run, int runs)
    {
        for (int i = 0; i < Math.Max(5, runs / 10); i++) run();
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            if (s_cpu)
            {
                double cpu0 = CpuClock.Seconds();
                run();
                times[i] = (CpuClock.Seconds() - cpu0) * 1e6;
                continue;
            }
            long start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        return Stats.Percentile(times, 0.5);
    }
}
