using System.Text;

namespace CamSharp.Tests.Conformance;

/// <summary>
/// The committed record of every conformance test's status
/// (<c>tests/CamSharp.Tests/Conformance/status.tsv</c>): one line per test,
/// <c>name TAB status TAB class TAB detail</c>, after comment lines with the counts.
/// </summary>
public static class StatusFile
{
    public static string Path => System.IO.Path.Combine(Fixtures.RepoRoot, "tests", "CamSharp.Tests", "Conformance", "status.tsv");

    public static Dictionary<string, ConformanceOutcome> Read(string path)
    {
        var result = new Dictionary<string, ConformanceOutcome>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split('\t');
            result[parts[0]] = new ConformanceOutcome(ConformanceOutcome.ParseStatus(parts[1]),
                parts.Length > 2 ? parts[2] : "", parts.Length > 3 ? parts[3] : "");
        }
        return result;
    }

    public static void Write(string path, IReadOnlyList<(ConformanceCase Case, ConformanceOutcome Outcome)> results)
    {
        var text = new StringBuilder();
        text.AppendLine("# ONNX backend test data (../shared/conformance) on CamSharp: test, status, refusal class, detail.");
        text.AppendLine("# Regenerate: CAMSHARP_CONFORMANCE_UPDATE=1 dotnet test tests/CamSharp.Tests --filter FullyQualifiedName~Conformance");
        foreach (var line in Summary(results)) text.AppendLine("# " + line);
        foreach (var (c, o) in results)
        {
            text.Append(c.Name).Append('\t').Append(ConformanceOutcome.StatusName(o.Status));
            if (o.Status != ConformanceStatus.Pass) text.Append('\t').Append(o.Class).Append('\t').Append(o.Detail);
            text.Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    /// <summary>"onnx-node: 287 pass, 400 refused, 187 out-of-scope, 0 wrong", one line per folder and a total.</summary>
    public static IEnumerable<string> Summary(IReadOnlyList<(ConformanceCase Case, ConformanceOutcome Outcome)> results)
    {
        foreach (var group in results.GroupBy(r => r.Case.Folder).OrderBy(g => g.Key, StringComparer.Ordinal))
            yield return $"{group.Key}: {Counts(group.Select(r => r.Outcome))}";
        yield return $"total: {Counts(results.Select(r => r.Outcome))}";
        var classes = results.Where(r => r.Outcome.Status == ConformanceStatus.Refused)
            .GroupBy(r => r.Outcome.Class).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
        yield return "refusals by class: " + string.Join(", ", classes);
    }

    private static string Counts(IEnumerable<ConformanceOutcome> outcomes)
    {
        var list = outcomes.ToList();
        int Count(ConformanceStatus s) => list.Count(o => o.Status == s);
        return $"{Count(ConformanceStatus.Pass)} pass, {Count(ConformanceStatus.Refused)} refused, " +
            $"{Count(ConformanceStatus.OutOfScope)} out-of-scope, {Count(ConformanceStatus.Wrong)} wrong (of {list.Count})";
    }
}
