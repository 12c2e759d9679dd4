using CamSharp.Cli;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class ParseErrorsTests
{
    [Theory]
    [InlineData("System.Int32", "a whole number")]
    [InlineData("System.Nullable`1[System.Single]", "a number")]
    public void Plain_CannotParse_NamesWhatWasExpectedWithoutTheTypeName(string type, string expected)
    {
        string text = ParseErrors.Plain($"Cannot parse argument 'abc' for option '--topk' as expected type '{type}'.");
        Assert.Equal($"--topk expects {expected}, got 'abc'.", text);
    }

    [Fact]
    public void Plain_OtherMessage_IsKept() => Assert.Equal("Option '--model' is required.", ParseErrors.Plain("Option '--model' is required."));

    [Fact]
    public void Run_TopkNotANumber_SaysWholeNumberNeverATypeName()
    {
        var r = CliRunner.Run("run", Fixtures.File("models/digitcnn.onnx"), Fixtures.File("inputs/d64_a.png"), "--topk", "three");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--topk expects a whole number, got 'three'", r.Err);
        Assert.DoesNotContain("System.", r.Err);
    }
}
