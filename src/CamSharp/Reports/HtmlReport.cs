using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using CamSharp.Imaging;

namespace CamSharp.Reports;

/// <summary>
/// Writes an <see cref="ExplanationReport"/> as one self-contained HTML page: pictures
/// inline as PNG data URIs, one inline style sheet, no script, and a content security
/// policy that forbids the page to load anything from anywhere.
/// </summary>
public static class HtmlReport
{
    /// <summary>Allows only inline styles and data: images; everything else (scripts, fonts, links, frames) is blocked.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    /// <summary>Writes the page atomically (UTF-8): a failure leaves no half-written file.</summary>
    public static void Save(ExplanationReport report, string path) =>
        AtomicFile.Write(path, new UTF8Encoding(false).GetBytes(Render(report)));

    public static string Render(ExplanationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        string title = $"{report.Input.Name} · {report.Model.Name}";
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="{ContentSecurityPolicy}">
            <link rel="icon" href="data:,">
            <title>CamSharp report: {E(title)}</title>
            <style>
            {HtmlReportStyle.Css}
            </style>
            </head>
            <body>
            <header>
            <h1>{E(title)}</h1>
            <p class="muted">{report.Methods.Count} method(s) × {report.Layers.Count} layer(s) × {report.Classes.Count} class(es), {F(report.Elapsed.TotalSeconds, "0.0")} s in all</p>
            </header>
            <main>

            """);
        Input(html, report);
        Predictions(html, report);
        Maps(html, report);
        Timings(html, report);
        Model(html, report);
        html.Append($"""
            </main>
            <footer>Made by CamSharp {E(Version())}. This page is one file: no scripts, no fonts and nothing else to download.</footer>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static void Input(StringBuilder html, ExplanationReport report)
    {
        var input = report.Input;
        html.Append("<section id=\"input\">\n<h2>Input</h2>\n<div class=\"inputs\">\n");
        Figure(html, input.Original, $"the image, {input.Original.Width}×{input.Original.Height} as shown", $"<b>{E(input.Name)}</b>");
        Figure(html, input.NetworkInput, "the network input", $"what the network sees, {input.NetworkInput.Width}×{input.NetworkInput.Height}");
        html.Append($"""
            <dl>
            <dt>preprocessing</dt><dd><code>{E(input.Preprocessing)}</code></dd>
            <dt>geometry</dt><dd>{E(input.Geometry)}</dd>
            <dt>model</dt><dd><code>{E(report.Model.Name)}</code>: {E(report.Model.Description)}</dd>
            </dl>
            </div>
            </section>

            """);
    }

    private static void Predictions(StringBuilder html, ExplanationReport report)
    {
        html.Append("<section id=\"predictions\">\n<h2>Top predictions</h2>\n<div class=\"scroll\"><table>\n<tr><th class=\"num\">class</th><th>name</th><th class=\"num\">probability</th><th></th></tr>\n");
        foreach (var p in report.Predictions)
            html.Append($"<tr><td class=\"num\">{p.Index}</td><td>{E(p.Name)}</td><td class=\"num\">{F(100 * p.Probability, "0.00")} %</td>"
                + $"<td class=\"bar\"><span style=\"width:{F(100 * p.Probability, "0.0")}%\"></span></td></tr>\n");
        html.Append("</table></div>\n</section>\n\n");
    }

    /// <summary>One block per class, in it one row of method cards per layer.</summary>
    private static void Maps(StringBuilder html, ExplanationReport report)
    {
        html.Append("<section id=\"maps\">\n<h2>Class activation maps</h2>\n");
        foreach (var cls in report.Classes)
        {
            html.Append($"<h3>{cls.Index}: {E(cls.Name)} <span class=\"muted\">({F(100 * cls.Probability, "0.00")} %)</span></h3>\n");
            foreach (var layer in report.Layers)
            {
                html.Append($"<h4>layer <code>{E(layer.Name)}</code></h4>\n<div class=\"cards\">\n");
                foreach (var method in report.Methods)
                    if (report.Find(cls.Index, layer.Name, method) is { } map) Card(html, map, cls);
                html.Append("</div>\n");
            }
        }
        html.Append("</section>\n\n");
    }

    private static void Card(StringBuilder html, ReportMap map, ReportClass cls)
    {
        var caption = new StringBuilder($"<div class=\"head\"><b>{E(map.Method)}</b><span class=\"time\">{Duration(map.Elapsed)}</span></div>");
        if (map.Metrics.Count > 0)
        {
            caption.Append("<dl class=\"metrics\">");
            foreach (var (name, value) in map.Metrics) caption.Append($"<dt>{Breakable(name)}</dt><dd>{Metric(value)}</dd>");
            caption.Append("</dl>");
        }
        Figure(html, map.Overlay, $"{map.Method} on {Where(map)} for {cls.Name}", caption.ToString());
    }

    /// <summary>Where a map was taken: the layer, or the input for attribution methods, which never read the layer.</summary>
    private static string Where(ReportMap map) =>
        CamSharp.Explain.CamMethods.Contains(map.Method) && CamSharp.Explain.CamMethods.Info(map.Method).Output == CamSharp.Explain.MethodOutput.InputAttribution ? "the input" : map.Layer;

    private static void Timings(StringBuilder html, ExplanationReport report)
    {
        var metricNames = report.Maps.SelectMany(m => m.Metrics.Keys).Distinct().ToArray();
        html.Append("<section id=\"timings\">\n<h2>Timings and metrics</h2>\n<p class=\"muted\">Time: the method alone (forward, backward and map), after one untimed warm-up run, without drawing. Score: the model's output for the explained class.</p>\n");
        html.Append("<div class=\"scroll\"><table class=\"stack\">\n<tr class=\"labels\"><th>class</th><th>layer</th><th>method</th><th class=\"num\">score</th><th class=\"num\">time</th>");
        foreach (var name in metricNames) html.Append($"<th class=\"num\">{Breakable(name)}</th>");
        html.Append("</tr>\n");
        foreach (var m in report.Maps)
        {
            html.Append($"<tr><td data-label=\"class\">{m.Class}</td><td data-label=\"layer\"><code>{E(Where(m))}</code></td><td data-label=\"method\">{E(m.Method)}</td>"
                + $"<td class=\"num\" data-label=\"score\">{F(m.Score, "0.###")}</td><td class=\"num\" data-label=\"time\">{Duration(m.Elapsed)}</td>");
            foreach (var name in metricNames)
                html.Append($"<td class=\"num\" data-label=\"{E(name)}\">{(m.Metrics.TryGetValue(name, out var v) ? Metric(v) : "")}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table></div>\n</section>\n\n");
    }

    private static void Model(StringBuilder html, ExplanationReport report)
    {
        html.Append("<section id=\"layers\">\n<h2>Model</h2>\n<dl>\n");
        foreach (var layer in report.Layers)
            html.Append($"<dt>layer <code>{E(layer.Name)}</code></dt><dd><code>{E(string.Join(", ", layer.Values))}</code></dd>\n");
        html.Append($"</dl>\n<details>\n<summary>Layer tree of <code>{E(report.Model.Name)}</code> ({report.Model.LayerTree.Count} rows; the names layers are given by)</summary>\n<pre>");
        foreach (var line in report.Model.LayerTree) html.Append(E(line)).Append('\n');
        html.Append("</pre>\n</details>\n</section>\n\n");
    }

    private static void Figure(StringBuilder html, RgbImage image, string alt, string captionHtml) =>
        html.Append($"<figure><img src=\"{DataUri(image)}\" width=\"{image.Width}\" height=\"{image.Height}\" alt=\"{E(alt)}\">"
            + $"<figcaption>{captionHtml}</figcaption></figure>\n");

    /// <summary>The picture as a PNG data URI.</summary>
    public static string DataUri(RgbImage image) => "data:image/png;base64," + Convert.ToBase64String(ImageEncoder.EncodePng(image));

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A metric name that may break after its underscores (<c>increase_in_confidence</c>) instead of anywhere.</summary>
    private static string Breakable(string name) => E(name).Replace("_", "_<wbr>", StringComparison.Ordinal);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Milliseconds under a second, seconds above.</summary>
    private static string Duration(TimeSpan t) => t.TotalSeconds < 1 ? $"{F(t.TotalMilliseconds, "0.0")} ms" : $"{F(t.TotalSeconds, "0.00")} s";

    private static string Metric(double value) => double.IsFinite(value) ? value.ToString("G4", CultureInfo.InvariantCulture) : E(value.ToString(CultureInfo.InvariantCulture));

    private static string Version()
    {
        string v = typeof(HtmlReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        int plus = v.IndexOf('+');
        return plus < 0 ? v : v[..plus];
    }
}
