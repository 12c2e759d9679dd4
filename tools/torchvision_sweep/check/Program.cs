using System.Diagnostics;
using CamSharp.TorchvisionSweep;

// Checks every export under the sweep folder (tools/torchvision_sweep/export_sweep.py) and prints
// one table: model, opset, load, forward, gradient, module path, gradcam, eigencam.
//   dotnet run -c Release --project tools/torchvision_sweep/check -- SWEEP_DIR [--only name,...] [--out table.md]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: CamSharp.TorchvisionSweep SWEEP_DIR [--only name,...] [--out table.md]");
    return 2;
}
string root = args[0];
string[]? only = null;
string? outFile = null;
for (int i = 1; i < args.Length; i++)
{
    if (args[i] == "--only") only = args[++i].Split(',');
    else if (args[i] == "--out") outFile = args[++i];
}
var rows = new List<Row>();
foreach (var folder in Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "meta.json"))).Order(StringComparer.Ordinal))
{
    var c = SweepCase.Read(folder);
    if (only is not null && !only.Contains(c.Name)) continue;
    foreach (var (opset, file) in c.Exports.OrderBy(e => e.Key, StringComparer.Ordinal))
    {
        var watch = Stopwatch.StartNew();
        var row = Checker.Run(c, opset, file);
        rows.Add(row);
        Console.Error.WriteLine($"{c.Name} opset {opset}: {watch.Elapsed.TotalSeconds:F0} s " +
            string.Join(" ", Row.Columns.Select(k => row.Verdicts.TryGetValue(k, out var v) ? $"{k}={v.State}" : "")));
        GC.Collect();
    }
}
var table = Table.Format(rows);
Console.WriteLine(table);
if (outFile is not null) File.WriteAllText(outFile, table);
return rows.All(r => r.Verdicts.Values.All(v => !v.State.StartsWith("FAIL", StringComparison.Ordinal))) ? 0 : 1;
