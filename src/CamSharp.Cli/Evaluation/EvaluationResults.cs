using System.Globalization;
using System.Text;
using CamSharp.Explain.Metrics;

namespace CamSharp.Cli.Evaluation;

/// <summary>One method's metrics on one image.</summary>
internal sealed record EvaluationRow(string Image, string Method, string Target, FaithfulnessScores Scores, PointingResult? Pointing, double CamSeconds, double MetricSeconds);

/// <summary>The pointing game's outcome and the map's maximum in original-image pixels.</summary>
internal sealed record PointingResult(bool Hit, double X, double Y);

/// <summary>
/// The rows of <c>camsharp evaluate</c>, each method's means over its images, and the images that
/// failed; written as CSV (one row per image and method, then one "(mean)" row per method) and JSON.
/// </summary>
internal sealed class EvaluationResults(IReadOnlyList<string> metricNames, bool pointing)
{
    public const string MeanRow = "(mean)";

    public List<EvaluationRow> Rows { get; } = [];

    public List<(string Image, string Reason)> Failures { get; } = [];

    /// <summary>Column names after image, method and target.</summary>
    public IReadOnlyList<string> ValueColumns { get; } =
        ["score", .. metricNames, .. pointing ? new[] { "pointing_game" } : [], "cam_seconds", "metric_seconds"];

    /// <summary>The numbers of a row, in <see cref="ValueColumns"/> order (NaN where a value is missing).</summary>
    public double[] Values(EvaluationRow row)
    {
        var named = row.Scores.Values.ToDictionary(kv => kv.Key, kv => kv.Value);
        var values = new List<double> { row.Scores.Score };
        values.AddRange(metricNames.Select(n => named.GetValueOrDefault(n, double.NaN)));
        if (pointing) values.Add(row.Pointing is { } p ? (p.Hit ? 1 : 0) : double.NaN);
        values.Add(row.CamSeconds);
        values.Add(row.MetricSeconds);
        return values.ToArray();
    }

    /// <summary>Per method (in first-seen order): the mean of each column over the images where it is a number, and the image count.</summary>
    public IReadOnlyList<(string Method, double[] Means, int Images)> Summary() =>
        Rows.GroupBy(r => r.Method).Select(g =>
        {
            var all = g.Select(Values).ToArray();
            var means = Enumerable.Range(0, ValueColumns.Count).Select(c =>
            {
                var finite = all.Select(v => v[c]).Where(double.IsFinite).ToArray();
                return finite.Length > 0 ? finite.Average() : double.NaN;
            }).ToArray();
            return (g.Key, means, all.Length);
        }).ToArray();

    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", new[] { "image", "method", "target" }.Concat(ValueColumns)));
        foreach (var row in Rows)
            sb.AppendLine(string.Join(",", new[] { Quote(row.Image), Quote(row.Method), Quote(row.Target) }.Concat(Values(row).Select(Number))));
        foreach (var (method, means, _) in Summary())
            sb.AppendLine(string.Join(",", new[] { MeanRow, Quote(method), "" }.Concat(means.Select(Number))));
        return sb.ToString();
    }

    public string ToJson(string model)
    {
        var rows = Rows.Select(r => new Dictionary<string, object?>
        {
            ["image"] = r.Image,
            ["method"] = r.Method,
            ["target"] = r.Target,
            ["values"] = ValueColumns.Zip(Values(r)).ToDictionary(kv => kv.First, kv => Json(kv.Second)),
            ["road"] = r.Scores.Road is { } road
                ? new { percentiles = road.Percentiles, most_relevant_first = road.MostRelevantFirst.Select(v => Json(v)), least_relevant_first = road.LeastRelevantFirst.Select(v => Json(v)) }
                : null,
            ["pointing_point"] = r.Pointing is { } p ? new[] { p.X, p.Y } : null,
        });
        var summary = Summary().ToDictionary(s => s.Method, s => new Dictionary<string, object?>
        {
            ["images"] = s.Images,
            ["means"] = ValueColumns.Zip(s.Means).ToDictionary(kv => kv.First, kv => Json(kv.Second)),
        });
        var document = new
        {
            model,
            columns = ValueColumns,
            rows,
            summary,
            failed = Failures.Select(f => new { image = f.Image, reason = f.Reason }),
        };
        return JsonText.Serialize(document);
    }

    private static object? Json(double v) => double.IsFinite(v) ? v : null;

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("G7", CultureInfo.InvariantCulture) : "";

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"") + "\"";
}
