using System.Text.Json;
using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>
/// Where each engine spends a forward pass: our per-node times (RunOptions.Profile) beside ONNX
/// Runtime's own profiler (SessionOptions.EnableProfiling), per operator type and for the
/// slowest nodes, medians over runs. <c>ort-profile MODEL [--batch N] [--top N] [--pairs]</c>; <c>--pairs</c> lists the
/// convolutions of both in execution order side by side (both run them in graph order, so the i-th matches the i-th);
/// <c>--min</c> takes each node's fastest run instead of the median (the undisturbed figure on a shared machine).
/// </summary>
internal static class SideBySideProfile
{
    private const int Runs = 15;

    public static void Run(string[] args)
    {
        string name = args.FirstOrDefault(a => !a.StartsWith("--")) ?? "mobilenet_v2";
        var (_, path, size) = SideBySideBench.Models.FirstOrDefault(m => m.Name == name);
        if (path is null) throw new BenchFailure($"unknown model '{name}': {string.Join(", ", SideBySideBench.Models.Select(m => m.Name))}");
        int batch = args.Contains("--batch") ? int.Parse(args[Array.IndexOf(args, "--batch") + 1]) : 1;
        s_quantile = args.Contains("--min") ? 0 : 0.5;
        int top = args.Contains("--top") ? int.Parse(args[Array.IndexOf(args, "--top") + 1]) : 20;
        string full = Path.Combine(References.Shared, path);
        var data = new float[batch * 3 * size * size];
        var rng = new Random(20);
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);

        var ours = OursByNode(Model.Load(full), Tensor.FromFloats(data, batch, 3, size, size));
        var ort = OrtByNode(full, data, [batch, 3, size, size]);
        Console.WriteLine($"{name} batch {batch}: per operator type, {(s_quantile == 0 ? "fastest" : "median")} of {Runs} runs (ms)");
        Console.WriteLine($"  {"op type",-26} {"ours",8} {"n",4}   {"ORT op type",-26} {"ORT",8} {"n",4}");
        var a = ByType(ours);
        var b = ByType(ort);
        for (int i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            string left = i < a.Count ? $"{a[i].Type,-26} {a[i].Ms,8:F2} {a[i].Count,4}" : new string(' ', 40);
            string right = i < b.Count ? $"{b[i].Type,-26} {b[i].Ms,8:F2} {b[i].Count,4}" : "";
            Console.WriteLine($"  {left}   {right}");
        }
        Console.WriteLine($"  {"total",-26} {ours.Sum(n => n.Ms),8:F2}        {"total",-26} {ort.Sum(n => n.Ms),8:F2}");
        Console.WriteLine($"slowest nodes: ours | ORT");
        var sa = ours.OrderByDescending(n => n.Ms).Take(top).ToArray();
        var sb = ort.OrderByDescending(n => n.Ms).Take(top).ToArray();
        for (int i = 0; i < Math.Max(sa.Length, sb.Length); i++)
        {
            string left = i < sa.Length ? $"{Trim(sa[i].Name, 34),-34} {sa[i].Type,-12} {sa[i].Ms,6:F2}" : new string(' ', 54);
            string right = i < sb.Length ? $"{Trim(sb[i].Name, 34),-34} {sb[i].Type,-12} {sb[i].Ms,6:F2}" : "";
            Console.WriteLine($"  {left} | {right}");
        }
        if (args.Contains("--pairs")) Pairs(ours, ort);
    }

    private static void Pairs(List<NodeTime> ours, List<NodeTime> ort)
    {
        var a = ours.Where(n => n.Type == "Conv").ToArray();
        var b = ort.Where(n => n.Type == "Conv").ToArray();
        Console.WriteLine($"convolutions in execution order: ours | ORT | ratio");
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string left = i < a.Length ? $"{Trim(a[i].Name, 44),-44} {a[i].Ms,6:F3}" : new string(' ', 51);
            string right = i < b.Length ? $"{b[i].Ms,6:F3}" : "";
            string ratio = i < a.Length && i < b.Length && b[i].Ms > 0 ? $"{a[i].Ms / b[i].Ms,5:F2}x" : "";
            Console.WriteLine($"  {i,3} {left} | {right} {ratio}");
        }
    }

    /// <summary>Which run of each node is reported: 0.5 the median, 0 the fastest (<c>--min</c>).</summary>
    private static double s_quantile = 0.5;

    private sealed record NodeTime(string Name, string Type, double Ms);

    private static List<NodeTime> OursByNode(Model model, Tensor input)
    {
        var options = new RunOptions { Profile = true };
        for (int i = 0; i < 5; i++) { using var warm = model.Session.Run(input, options); }
        var times = new Dictionary<Node, List<double>>();
        for (int r = 0; r < Runs; r++)
        {
            using var pass = model.Session.Run(input, options);
            foreach (var (node, s) in pass.NodeTimes!) (times.TryGetValue(node, out var l) ? l : times[node] = []).Add(s * 1000);
        }
        return [.. times.Select(kv => new NodeTime(kv.Key.DisplayName, kv.Key.OpType, Stats.Percentile([.. kv.Value], s_quantile)))];
    }

    private static List<NodeTime> OrtByNode(string path, float[] data, long[] shape)
    {
        string prefix = Path.Combine(Path.GetTempPath(), $"camsharp-ort-profile-{Environment.ProcessId}");
        string file;
        using (var peer = new OrtPeer(path, prefix))
        {
            for (int i = 0; i < 5 + Runs; i++) peer.Run(data, shape);
            file = peer.EndProfiling();
        }
        var times = new Dictionary<(string, string), List<double>>();
        using (var doc = JsonDocument.Parse(File.ReadAllText(file)))
        {
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.GetProperty("cat").GetString() != "Node" || !e.TryGetProperty("args", out var args) || !args.TryGetProperty("op_name", out var op)) continue;
                string node = e.GetProperty("name").GetString() ?? "";
                if (!node.EndsWith("_kernel_time")) continue;
                var key = (node[..^"_kernel_time".Length], op.GetString() ?? "");
                (times.TryGetValue(key, out var l) ? l : times[key] = []).Add(e.GetProperty("dur").GetDouble() / 1000);
            }
        }
        File.Delete(file);
        // The first runs are warm-up: keep each node's last Runs samples.
        return [.. times.Select(kv => new NodeTime(kv.Key.Item1, kv.Key.Item2, Stats.Percentile([.. kv.Value.TakeLast(Runs)], s_quantile)))];
    }

    private static List<(string Type, double Ms, int Count)> ByType(List<NodeTime> nodes) =>
        [.. nodes.GroupBy(n => n.Type).Select(g => (g.Key, g.Sum(n => n.Ms), g.Count())).OrderByDescending(t => t.Item2)];

    private static string Trim(string s, int n) => s.Length <= n ? s : "…" + s[^(n - 1)..];
}
