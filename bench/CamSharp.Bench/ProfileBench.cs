using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>
/// Where a forward pass spends its time: per operator type, summed over nodes (median of runs).
/// <c>profile MODEL [--batch N] [--size HxW] [--nodes] [--grad LAYER] [--min]</c>; <c>--min</c> takes each node's fastest
/// run instead of the median, the undisturbed time on a machine busy with other work.
/// </summary>
internal static class ProfileBench
{
    public static void Run(string[] args)
    {
        string name = args.FirstOrDefault(a => !a.StartsWith("--")) ?? "resnet18";
        var entry = BenchModels.Find(name);
        var model = Model.Load(entry.FullPath);
        int batch = args.Contains("--batch") ? int.Parse(args[Array.IndexOf(args, "--batch") + 1]) : 1;
        // --size HxW: another input size (a photograph's own, as camsharp cam runs a dynamic-size model).
        var (height, width) = args.Contains("--size") && args[Array.IndexOf(args, "--size") + 1].Split('x') is [var h, var w] ? (int.Parse(h), int.Parse(w)) : (entry.Size, entry.Size);
        var rng = new Random(0);
        var input = Tensor.FromFloats([.. Enumerable.Range(0, batch * 3 * height * width).Select(_ => (float)rng.NextDouble())], batch, 3, height, width);
        // --grad LAYER: the forward a gradient method runs (values kept for backward, fewer fusions).
        IReadOnlyList<string> gradientsFor = args.Contains("--grad") ? model.ResolveLayer(args[Array.IndexOf(args, "--grad") + 1]) : [];
        var options = new RunOptions { Profile = true, GradientsFor = gradientsFor.Count > 0 ? [gradientsFor[^1]] : [] };
        for (int i = 0; i < 3; i++) { using var warm = model.Session.Run(input, options); }
        var byType = new Dictionary<string, List<double>>();
        var byNode = new Dictionary<Node, List<double>>();
        int runs = args.Contains("--min") ? 25 : 9;
        s_min = args.Contains("--min");
        for (int r = 0; r < runs; r++)
        {
            using var pass = model.Session.Run(input, options);
            var sums = pass.NodeTimes!.GroupBy(t => t.Node.OpType).ToDictionary(g => g.Key, g => g.Sum(t => t.Seconds));
            foreach (var (type, s) in sums) (byType.TryGetValue(type, out var l) ? l : byType[type] = []).Add(s);
            foreach (var (node, s) in pass.NodeTimes!) (byNode.TryGetValue(node, out var l) ? l : byNode[node] = []).Add(s);
        }
        Console.WriteLine($"{name} batch {batch}: per operator type, {(s_min ? "fastest" : "median")} of {runs} runs, {Environment.ProcessorCount} threads");
        foreach (var (type, list) in byType.OrderByDescending(kv => Median(kv.Value)))
            Console.WriteLine($"  {type,-22} {Timing.Ms(Median(list)),10}");
        Console.WriteLine($"  {"total",-22} {Timing.Ms(byType.Values.Sum(Median)),10}");
        if (!args.Contains("--nodes")) return;
        var plan = model.Session.GetPlan(batch, 3, height, width);
        Console.WriteLine("slowest nodes (GFLOP/s for Conv/Gemm/MatMul):");
        foreach (var (node, list) in byNode.OrderByDescending(kv => Median(kv.Value)).Take(25))
        {
            double flops = Flops.OfNode(plan, node), t = Median(list);
            string shape = node.Outputs.Length > 0 && plan.TryShapeOf(node.Outputs[0]) is { } sh ? string.Join("x", sh) : "";
            Console.WriteLine($"  {node.DisplayName,-40} {node.OpType,-10} {shape,-18} {Timing.Ms(t),10} {(flops > 0 ? $"{flops / t / 1e9,8:F1}" : "")}");
        }
    }

    private static bool s_min;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return s_min ? sorted[0] : sorted[sorted.Length / 2];
    }
}
