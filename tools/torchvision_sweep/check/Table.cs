using System.Text;

namespace CamSharp.TorchvisionSweep;

/// <summary>The sweep's table (markdown), the counts per column, then each failure's message.</summary>
internal static class Table
{
    public static string Format(IReadOnlyList<Row> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| model | opset | " + string.Join(" | ", Row.Columns) + " |");
        sb.AppendLine("|---|---|" + string.Concat(Row.Columns.Select(_ => "---|")));
        foreach (var r in rows)
            sb.AppendLine($"| {r.Model} | {r.Opset} | " + string.Join(" | ", Row.Columns.Select(k => r.Verdicts.TryGetValue(k, out var v) ? Cell(v) : "-")) + " |");
        sb.AppendLine();
        foreach (var k in Row.Columns)
        {
            var states = rows.Select(r => r.Verdicts.TryGetValue(k, out var v) ? v.State : "-").GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal);
            sb.AppendLine($"{k}: " + string.Join(", ", states.Select(g => $"{g.Key} {g.Count()}")));
        }
        sb.AppendLine();
        foreach (var r in rows)
            foreach (var k in Row.Columns)
                if (r.Verdicts.TryGetValue(k, out var v) && v.State != "pass")
                    sb.AppendLine($"- {r.Model} opset {r.Opset} {k}: {v.State} {v.Detail}");
        return sb.ToString();
    }

    private static string Cell(Verdict v) => v.State == "pass" ? "pass" : v.State;
}
