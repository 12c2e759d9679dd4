using System.Text.Json;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Bench;

/// <summary>
/// <c>all</c>: one table of every registered task's rows (models × forward and CAMs, GEMM,
/// and whatever else registers in <see cref="BenchTasks"/>), printed as rows are measured,
/// then the wide-vectors-off kernel check. <c>--json FILE</c> writes the rows as
/// <c>[{"model","task","ours_median_s","reference_median_s","ratio"}]</c>; <c>--quick</c> takes fewer runs.
/// </summary>
internal static class TableBench
{
    public static int Run(string[] args)
    {
        var settings = BenchSettings.From(args);
        string? json = Option(args, "--json");
        var rows = Print(settings, BenchTasks.All.Where(t => t.TableRows is not null).SelectMany(t => t.TableRows!(settings)));
        Console.WriteLine();
        foreach (var line in FallbackCheck.Verify()) Console.WriteLine(line);
        if (json is not null) WriteJson(json, rows);
        return 0;
    }

    /// <summary>The <c>models</c> task: just the model rows.</summary>
    public static void RunModels(string[] args)
    {
        var settings = BenchSettings.From(args);
        var only = args.Where(a => !a.StartsWith("--")).ToHashSet();
        Print(settings, BenchModels.All.Where(e => only.Count == 0 || only.Contains(e.Name)).SelectMany(e => ModelRows.RowsOf(e, settings)));
    }

    private static List<BenchRow> Print(BenchSettings settings, IEnumerable<BenchRow> source)
    {
        Console.WriteLine($"CamSharp bench: {Environment.ProcessorCount} threads, GEMM kernel {KernelPaths.Gemm}, {KernelPaths.VectorBits}-bit vectors{(settings.Quick ? ", --quick" : "")}");
        Console.WriteLine($"Medians per image of N runs (wall; CPU per core beside it: far below wall means other load). Reference: PyTorch 2 threads from ../shared/fixtures/baseline.md, measured on {References.Machine()}.");
        Console.WriteLine();
        string header = $"{"model",-12} {"task",-16} {"N",3} {"ours",11} {"cpu/core",11} {"GFLOP/s",8} {"peak RSS",9} {"reference",11} {"ratio",7}  note";
        Console.WriteLine(header);
        Console.WriteLine(new string('-', header.Length + 20));
        var rows = new List<BenchRow>();
        foreach (var r in source)
        {
            rows.Add(r);
            string reference = r.Reference is { } s ? Timing.Ms(s) : "none";
            string note = r.Reference is null && r.ReferenceName.Length == 0 && r.Note.Length == 0 ? "baseline.md has no figure" :
                r.Reference is null ? $"baseline.md has no figure; {r.Note}" : r.Note;
            Console.WriteLine($"{r.Model,-12} {r.Task,-16} {r.Runs,3} {Ms(r.Wall),11} {Ms(r.CpuPerCore),11} {(r.Gflops is { } g ? $"{g:F1}" : "-"),8} {PeakMemory.Format(r.PeakRss),9} {reference,11} {(r.Ratio is { } x ? $"{x:F2}x" : "-"),7}  {note}");
        }
        return rows;
    }

    private static string Ms(double seconds) => double.IsNaN(seconds) ? "-" : Timing.Ms(seconds);

    private static void WriteJson(string path, List<BenchRow> rows)
    {
        var items = rows.Where(r => !double.IsNaN(r.Wall)).Select(r => new Dictionary<string, object?>
        {
            ["model"] = r.Model,
            ["task"] = r.Task,
            ["ours_median_s"] = r.Wall,
            ["reference_median_s"] = r.Reference,
            ["ratio"] = r.Ratio,
        });
        string temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(items, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: true);
        Console.WriteLine($"wrote {path}");
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
