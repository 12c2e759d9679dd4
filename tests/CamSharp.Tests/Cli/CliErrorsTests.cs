using CamSharp.Cli;
using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>Issue 18's message rule: one readable line, whatever was typed (a 4,000-byte path, a 10,000-character layer name was echoed whole).</summary>
[Collection("cli")]
public sealed class CliErrorsTests
{
    [Fact]
    public void Compact_LongWord_KeepsBothEndsShortWordsUntouched()
    {
        string path = "/data/" + string.Join("/", Enumerable.Repeat("folder", 100)) + "/photo.png";
        string message = CliErrors.Compact($"{path}: is longer than the system allows.");
        Assert.StartsWith("/data/folder/", message);
        Assert.EndsWith("/photo.png: is longer than the system allows.", message);
        Assert.True(message.Length < 160, message);
        Assert.Equal("a short message.", CliErrors.Compact("a short message."));
    }

    [Fact]
    public void Cam_TargetLayersTenThousandCharacters_OneShortLineNamingTheFlag()
    {
        var r = CliRunner.Run("cam", Fixtures.File("inputs/d64_a.png"), "--model", Fixtures.File("models/digitcnn.onnx"),
            "--target-layers", new string('x', 10000), "--out-file", Path.Combine(CliRunner.TempDir(), "o.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: --target-layers", r.Err);
        Assert.True(r.Err.Trim().Length < 400, $"{r.Err.Trim().Length} characters");
    }
}
