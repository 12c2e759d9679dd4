using CamSharp.Cli;
using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>
/// Issue 19 item 4: progress over a folder stays on one line on a terminal, messages never land
/// on the bar's line, and one summary ends the run; without a terminal, one plain line per item.
/// </summary>
[Collection("cli")]
public sealed class ProgressLineTests
{
    private static readonly string Image = Fixtures.File("inputs/d64_a.png");
    private static readonly string Digits = Fixtures.File("models/digitcnn.onnx");

    /// <summary>A folder of three digit images and one that is not an image.</summary>
    private static string Photos()
    {
        string photos = Path.Combine(CliRunner.TempDir(), "photos");
        Directory.CreateDirectory(photos);
        foreach (var name in new[] { "a.png", "b.png", "c.png" }) File.Copy(Image, Path.Combine(photos, name));
        File.WriteAllText(Path.Combine(photos, "d.png"), "not an image");
        return photos;
    }

    /// <summary>The lines a terminal shows for what was written: '\r' returns to the line's start and later text overwrites.</summary>
    private static List<string> AsTerminalShowsIt(string written)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        int column = 0;
        foreach (char c in written)
        {
            if (c == '\n')
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
                column = 0;
            }
            else if (c == '\r') column = 0;
            else
            {
                if (column < line.Length) line[column] = c;
                else line.Append(c);
                column++;
            }
        }
        if (line.ToString().Trim().Length > 0) lines.Add(line.ToString().TrimEnd());
        return lines;
    }

    [Fact]
    public void Folder_OnATerminal_BarStaysOnOneLineAndEndsInOneSummary()
    {
        var before = ProgressLine.IsTerminal;
        ProgressLine.IsTerminal = () => true;
        try
        {
            string outDir = Path.Combine(CliRunner.TempDir(), "out");
            var r = CliRunner.Run("cam", Photos(), "--model", Digits, "--out-dir", outDir, "--workers", "2", "--concepts", "3");
            Assert.True(r.ExitCode == 1, r.Err);
            var shown = AsTerminalShowsIt(r.Err);
            // No line keeps a bar, and no message shares its line with one.
            Assert.DoesNotContain(shown, l => l.Contains("[#", StringComparison.Ordinal) || l.Contains("[.", StringComparison.Ordinal));
            Assert.Contains(shown, l => l.StartsWith("target layers: ", StringComparison.Ordinal));
            Assert.Contains(shown, l => l.StartsWith("warning: --concepts is ignored", StringComparison.Ordinal));
            Assert.Contains($"done: 3 of 4 inputs, written to {outDir}; 1 failed.", shown);
            Assert.Contains("error: 1 of 4 inputs failed:", shown);
            Assert.Contains(shown, l => l.Contains("d.png", StringComparison.Ordinal) && l.StartsWith("  ", StringComparison.Ordinal));
            // The bar did show while the run went on.
            Assert.Contains("] 4/4", r.Err);
            Assert.DoesNotContain("wrote ", r.Out); // on a terminal the summary says it
        }
        finally
        {
            ProgressLine.IsTerminal = before;
        }
    }

    [Fact]
    public void Folder_NotATerminal_OnePlainLinePerItemAndTheSummary()
    {
        var before = ProgressLine.IsTerminal;
        ProgressLine.IsTerminal = () => false;
        try
        {
            string outDir = Path.Combine(CliRunner.TempDir(), "out");
            var r = CliRunner.Run("cam", Photos(), "--model", Digits, "--out-dir", outDir);
            Assert.Equal(1, r.ExitCode);
            Assert.DoesNotContain("\r", r.Out + r.Err);
            Assert.Equal(3, r.Out.Split('\n').Count(l => l.StartsWith("wrote ", StringComparison.Ordinal)));
            Assert.Contains($"done: 3 of 4 inputs, written to {outDir}; 1 failed.", r.Err);
        }
        finally
        {
            ProgressLine.IsTerminal = before;
        }
    }

    [Fact]
    public void ProgressLine_NotATerminal_WritesDoneOverTotalPerItem()
    {
        var before = ProgressLine.IsTerminal;
        ProgressLine.IsTerminal = () => false;
        var stderr = Console.Error;
        var captured = new StringWriter();
        try
        {
            Console.SetError(captured);
            using (var progress = new ProgressLine(2))
            {
                progress.Report(1, "a.png");
                progress.Report(2, "b.png");
            }
        }
        finally
        {
            Console.SetError(stderr);
            ProgressLine.IsTerminal = before;
        }
        Assert.Equal(["[1/2] a.png", "[2/2] b.png"], captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }
}
