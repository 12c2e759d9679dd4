using System.Text.RegularExpressions;
using Xunit;

namespace CamSharp.Tests.Walkthrough;

/// <summary>
/// README's commands as a newcomer copies them: the first command of the page and every line of
/// the examples block, run verbatim in a folder laid out like the repository, each exiting 0
/// and printing the output README shows under it.
/// </summary>
public sealed class ReadmeWalkthroughTests
{
    private const string Prefix = "dotnet run --project src/CamSharp.Cli -- ";

    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        foreach (var (command, expected) in ReadExamples()) data.Add(command, expected);
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ReadmeExample_RunsAsTyped_AndPrintsWhatReadmeShows(string command, string expected)
    {
        var user = new Newcomer();
        var r = user.Succeeds(command[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        foreach (var line in expected.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.Contains(Squeeze(line), Squeeze(r.Out));
        // Whatever it says it wrote is there.
        foreach (Match m in Regex.Matches(r.Out + r.Err, @"^wrote (\S+)", RegexOptions.Multiline))
            Assert.True(user.Exists(m.Groups[1].Value.TrimEnd(',', '.', ':')), $"said it wrote {m.Groups[1].Value}: {r}");
    }

    [Fact]
    public void Readme_HasTheExamplesTheWalkthroughRuns()
    {
        var commands = ReadExamples().Select(e => e.Command.Split(' ')[5]).ToHashSet();
        foreach (var c in new[] { "demo", "run", "layers", "grad", "cam", "detect", "boxam", "featmap", "dump", "evaluate", "report" })
            Assert.Contains(c, commands);
    }

    /// <summary>README's first command and its examples block: each command with the indented output lines under it.</summary>
    private static List<(string Command, string Expected)> ReadExamples()
    {
        string readme = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "README.md"));
        var first = Regex.Match(readme, @"```\n(dotnet run --project src/CamSharp.Cli -- [^\n]+)\n");
        Assert.True(first.Success, "README does not start with the demo command");
        var block = Regex.Match(readme, @"Every command takes `--help`\..*?```\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "README has no examples block after 'Every command takes `--help`.'");
        var examples = new List<(string, string)> { (first.Groups[1].Value.Trim(), "") };
        foreach (var line in block.Groups[1].Value.Split('\n'))
        {
            if (line.StartsWith(Prefix, StringComparison.Ordinal)) examples.Add((line.Trim(), ""));
            else if (line.StartsWith(' ') && examples.Count > 1)
                examples[^1] = (examples[^1].Item1, examples[^1].Item2 + line.Trim() + "\n");
        }
        return examples;
    }

    private static string Squeeze(string s) => Regex.Replace(s, @"\s+", " ").Trim();
}
