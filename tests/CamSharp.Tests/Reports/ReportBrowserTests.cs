using CamSharp.Imaging;
using CamSharp.Tests.Cli;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace CamSharp.Tests.Reports;

/// <summary>The report made by <c>camsharp report</c> for squeezenet and cat-dog.png with metrics (their tables are laid out too), once for the whole class.</summary>
public sealed class CatDogReport
{
    public CatDogReport()
    {
        Path = System.IO.Path.Combine(CliRunner.TempDir(), "report.html");
        var r = CliRunner.Run("report", Fixtures.Asset("images/cat-dog.png"), "--model", Fixtures.Asset("models/squeezenet1_1_tv.onnx"),
            "--target-category", "281", "238", "--labels", Fixtures.Asset("labels/imagenet1k_classes.txt"), "--metrics", "confidence,road", "--out", Path);
        if (r.ExitCode != 0) throw new InvalidOperationException($"camsharp report failed: {r.Err}");
    }

    public string Path { get; }
}

/// <summary>
/// Opens the report in headless Chromium (Debian's <c>chromium</c>, driven by Playwright): no
/// console errors, every picture decoded, not one request leaving the page, no sideways
/// scrolling on a phone. Fails, never skips, when Chromium is missing (<c>.ci/run</c> installs it).
/// </summary>
[Collection("cli")]
public sealed class ReportBrowserTests(CatDogReport report, ITestOutputHelper output) : IClassFixture<CatDogReport>
{
    [Theory]
    [InlineData("desktop", 1280, 900, false)]
    [InlineData("phone", 390, 844, true)]
    public async Task Report_InChromium_RendersEveryPictureWithoutErrorsOrRequests(string name, int width, int height, bool phone)
    {
        await using var chromium = await Chromium.LaunchAsync();
        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, IsMobile = phone, HasTouch = phone });
        string url = new Uri(report.Path).AbsoluteUri;
        var outbound = await RecordOutboundRequestsAsync(context, url);
        var page = await context.NewPageAsync();
        var errors = RecordErrors(page);

        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });

        int images = await page.EvaluateAsync<int>("document.images.length");
        var broken = await page.EvaluateAsync<string[]>("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt)");
        bool fitsWidth = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth");
        // Metric and timing cells: none squeezed to a sliver or stacked a character per line; the timings table inside its section.
        var squeezed = await page.EvaluateAsync<string[]>("""
            Array.from(document.querySelectorAll('dl.metrics dt, dl.metrics dd, #timings td, #timings th'))
              .filter(e => e.offsetParent !== null && e.textContent.trim().length > 1)
              .filter(e => {
                const r = e.getBoundingClientRect(), style = getComputedStyle(e);
                const font = parseFloat(style.fontSize), line = parseFloat(style.lineHeight) || 1.45 * font;
                return r.height > 3.2 * line || r.width < 2 * font;
              })
              .map(e => `${e.tagName} '${e.textContent.trim()}' ${Math.round(e.getBoundingClientRect().width)}x${Math.round(e.getBoundingClientRect().height)}`)
            """);
        var timings = await page.EvaluateAsync<double[]>("""
            (() => {
              const section = document.querySelector('#timings').getBoundingClientRect();
              const table = document.querySelector('#timings table').getBoundingClientRect();
              return [section.right, table.right, document.querySelectorAll('dl.metrics').length];
            })()
            """);
        string shot = Path.Combine(AppContext.BaseDirectory, "browser-screenshots", $"report-{name}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        output.WriteLine($"screenshot ({name}, {width}×{height}): {shot}");

        Assert.Equal(2 + 2 * CamSharp.Reports.ReportOptions.DefaultMethods.Count, images); // the image, the network input, 2 classes × the default methods
        Assert.Empty(broken);
        Assert.Empty(errors);
        Assert.Empty(outbound);
        Assert.True(fitsWidth, $"the page scrolls sideways at {width} px");
        Assert.True(timings[2] > 0, "the report shows no metrics: the layout of metric tables went untested");
        Assert.True(squeezed.Length == 0, $"squeezed cells at {width} px: {string.Join("; ", squeezed)}");
        Assert.True(timings[1] <= timings[0] + 1, $"the timings table overflows its section at {width} px ({timings[1]:0} > {timings[0]:0})");
        Assert.Equal(width, ImageDecoder.Load(shot).Width);
    }

    [Fact]
    public async Task Report_ImageInjectedFromOutside_IsBlockedByThePagesOwnPolicy()
    {
        // Proves the content security policy, not the test's interception, keeps the page sealed.
        await using var chromium = await Chromium.LaunchAsync();
        var context = await chromium.Browser.NewContextAsync();
        string url = new Uri(report.Path).AbsoluteUri;
        var outbound = await RecordOutboundRequestsAsync(context, url);
        var page = await context.NewPageAsync();
        var errors = RecordErrors(page);
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });

        bool loaded = await page.EvaluateAsync<bool>("""
            () => new Promise(done => {
                const img = new Image();
                img.onload = () => done(true);
                img.onerror = () => done(false);
                img.src = 'http://127.0.0.1:9/x.png';
                document.body.append(img);
            })
            """);

        Assert.False(loaded);
        Assert.Empty(outbound);
        Assert.Contains(errors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every request other than the page itself and data: URIs is recorded and aborted.</summary>
    private static async Task<List<string>> RecordOutboundRequestsAsync(IBrowserContext context, string pageUrl)
    {
        var outbound = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            string requested = route.Request.Url;
            if (requested == pageUrl || requested.StartsWith("data:", StringComparison.Ordinal)) await route.ContinueAsync();
            else
            {
                lock (outbound) outbound.Add(requested);
                await route.AbortAsync();
            }
        });
        return outbound;
    }

    private static List<string> RecordErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") lock (errors) errors.Add($"{message.Type}: {message.Text}");
        };
        page.PageError += (_, error) => { lock (errors) errors.Add($"page error: {error}"); };
        page.RequestFailed += (_, request) => { lock (errors) errors.Add($"request failed: {request.Url}"); };
        return errors;
    }
}

/// <summary>Playwright's driver and one headless Chromium, closed together.</summary>
internal sealed class Chromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Debian's chromium, or the one CAMSHARP_CHROMIUM names.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CAMSHARP_CHROMIUM") ?? "/usr/bin/chromium";

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            Assert.Fail($"Chromium not found at {ExecutablePath}: install it (apt-get install chromium) or set CAMSHARP_CHROMIUM.");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Timeout = 120_000,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
