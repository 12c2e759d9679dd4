using System.Text.RegularExpressions;
using CamSharp.Imaging;
using CamSharp.Reports;
using Xunit;

namespace CamSharp.Tests.Reports;

public sealed class HtmlReportTests
{
    [Fact]
    public void Render_EveryPicture_IsAPngDataUriOfThatPicture()
    {
        var report = SampleReport(new Dictionary<string, double>());
        var sources = Attributes(HtmlReport.Render(report), "src");

        var expected = new[] { report.Input.Original, report.Input.NetworkInput }.Concat(report.Maps.Select(m => m.Overlay)).ToArray();
        Assert.Equal(expected.Length, sources.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith("data:image/png;base64,", sources[i]);
            var decoded = ImageDecoder.Decode(Convert.FromBase64String(sources[i]["data:image/png;base64,".Length..]));
            Assert.Equal((expected[i].Width, expected[i].Height), (decoded.Width, decoded.Height));
            Assert.Equal(expected[i].Pixels, decoded.Pixels);
        }
    }

    [Fact]
    public void Render_NothingToLoad_OnlyDataUrisNoScriptAndAPolicyThatBlocksTheRest()
    {
        string html = HtmlReport.Render(SampleReport(new Dictionary<string, double>()));

        var references = Attributes(html, "src").Concat(Attributes(html, "href")).ToArray();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.StartsWith("data:", r));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"content=\"{HtmlReport.ContentSecurityPolicy}\"", html);
        Assert.Contains("name=\"viewport\"", html);
    }

    [Fact]
    public void Render_NamesFromTheModel_AreEscaped()
    {
        var report = SampleReport(new Dictionary<string, double>()) with
        {
            Classes = [new ReportClass(3, "<script>alert(1)</script>", 0.5f)],
        };
        string html = HtmlReport.Render(report);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("a&amp;b", html);
    }

    [Fact]
    public void Render_GivenMetrics_ShowsThemOnEachCardAndAsTableColumns()
    {
        var metrics = new Dictionary<string, double> { ["drop in confidence"] = 0.123456, ["road_combined"] = -2.5 };
        string html = HtmlReport.Render(SampleReport(metrics));

        Assert.Contains("<th class=\"num\">drop in confidence</th>", html);
        Assert.Contains("<th class=\"num\">road_<wbr>combined</th>", html);   // may break after the underscore, nowhere else
        Assert.Equal(2, Regex.Matches(html, "<dt>drop in confidence</dt><dd>0.1235</dd>").Count);
        Assert.Equal(2, Regex.Matches(html, "<td class=\"num\" data-label=\"road_combined\">-2.5</td>").Count);   // the label for narrow screens
    }

    [Fact]
    public void Render_NoMetrics_NoMetricList()
    {
        string html = HtmlReport.Render(SampleReport(new Dictionary<string, double>()));
        Assert.DoesNotContain("class=\"metrics\"", html);
        Assert.Contains("12.5 ms", html);
    }

    [Fact]
    public void Save_MissingFolder_ThrowsAndLeavesNothing()
    {
        string dir = Path.Combine(Path.GetTempPath(), "camsharp-tests", Guid.NewGuid().ToString("N"));
        string path = Path.Combine(dir, "missing", "report.html");
        Assert.ThrowsAny<IOException>(() => HtmlReport.Save(SampleReport(new Dictionary<string, double>()), path));
        Assert.False(Directory.Exists(Path.Combine(dir, "missing")));
    }

    [Fact]
    public void Save_WritesThePageAndNoTemporaryFile()
    {
        string dir = Path.Combine(Path.GetTempPath(), "camsharp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var report = SampleReport(new Dictionary<string, double>());
        string path = Path.Combine(dir, "report.html");
        HtmlReport.Save(report, path);
        Assert.Equal(HtmlReport.Render(report), File.ReadAllText(path));
        Assert.Equal(["report.html"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    /// <summary>Two methods on one layer for one class, every picture different so that order mix-ups show.</summary>
    private static ExplanationReport SampleReport(IReadOnlyDictionary<string, double> metrics)
    {
        var model = new ReportModel("tiny.onnx", "opset 13, 3 nodes", ["conv  /conv/Conv_output_0  [1, 4, 8, 8]"]);
        var input = new ReportInput("photo.png", Picture(12, 9, 1), Picture(8, 8, 2), "imagenet: resize", "12×9 image → 8×8 input");
        var cls = new ReportClass(3, "tabby", 0.5f);
        var maps = new[]
        {
            new ReportMap("gradcam", "a&b", 3, Picture(12, 9, 3), 4.25f, TimeSpan.FromMilliseconds(12.5), metrics),
            new ReportMap("eigencam", "a&b", 3, Picture(12, 9, 4), 4.25f, TimeSpan.FromMilliseconds(40), metrics),
        };
        return new ExplanationReport(model, input, [cls, new ReportClass(7, "dog", 0.25f)], [cls],
            [new ReportLayer("a&b", ["/conv/Conv_output_0"])], ["gradcam", "eigencam"], maps, TimeSpan.FromSeconds(1));
    }

    private static RgbImage Picture(int width, int height, int seed)
    {
        var image = new RgbImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    private static List<string> Attributes(string html, string name) =>
        Regex.Matches(html, $"\\s{name}=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
}
