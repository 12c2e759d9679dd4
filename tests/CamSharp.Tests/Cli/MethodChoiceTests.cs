using CamSharp.Cli;
using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>Issue 18's message rule: an unknown method names its flag in one short line (the catalogue's list ran to 560 characters without the flag).</summary>
[Collection("cli")]
public sealed class MethodChoiceTests
{
    [Fact]
    public void Known_CatalogueNameInAnyCase_IsTheCatalogueName()
    {
        Assert.Equal("gradcam++", MethodChoice.Known(" GradCAM++ ", "--method", "cam"));
    }

    [Fact]
    public void Known_UnknownName_NamesTheFlagTheClosestAndStaysShort()
    {
        var e = Assert.Throws<CliException>(() => MethodChoice.Known("gradcm", "--methods", "report"));
        Assert.StartsWith("--methods: unknown method 'gradcm'.", e.Message);
        Assert.Contains("'gradcam'", e.Message);
        Assert.True(e.Message.Length < 300, e.Message);
    }

    [Theory]
    [InlineData("cam", "--method")]
    [InlineData("report", "--methods")]
    [InlineData("evaluate", "--methods")]
    public void Command_UnknownMethod_RefusedNamingTheFlagInOneShortLine(string command, string flag)
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run(command, Fixtures.File("inputs/d64_a.png"), "--model", Fixtures.File("models/digitcnn.onnx"), flag, "gradcam," + new string('x', 5000),
            command == "evaluate" ? "--out" : "--out-file", Path.Combine(dir, command == "evaluate" ? "o.csv" : command == "report" ? "o.html" : "o.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"error: {flag}: unknown method", r.Err);
        Assert.True(r.Err.Trim().Length < 300, r.Err);
    }
}
