using System.Xml.Linq;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class QuickVersionTests
{
    [Fact]
    public void Version_AloneOnTheCommandLine_PrintsTheOneVersionAndCommit()
    {
        string version = XDocument.Load(Path.Combine(Fixtures.RepoRoot, "Directory.Build.props")).Descendants("Version").Single().Value;
        var r = CliRunner.Run("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(CamSharp.Cli.QuickVersion.Text + Environment.NewLine, r.Out);
        Assert.StartsWith(version + "+", r.Out);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public void Version_WithOtherArguments_GoesThroughTheParser()
    {
        // Only the bare request takes the short cut; anything else is parsed (and refused) as before.
        var r = CliRunner.Run("--version", "demo");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Out);
        Assert.Contains("--version option cannot be combined with other arguments", r.Err);
    }
}
