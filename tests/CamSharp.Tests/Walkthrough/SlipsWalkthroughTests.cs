using Xunit;

namespace CamSharp.Tests.Walkthrough;

/// <summary>What a newcomer meets when they slip: a typo, another tool's flag, no command at all.</summary>
public sealed class SlipsWalkthroughTests
{
    private static readonly Lazy<Newcomer> User = new(() => new Newcomer());
    private static readonly string CatDog = Newcomer.Asset("images/cat-dog.png");
    private static readonly string Squeezenet = Newcomer.Asset("models/squeezenet1_1_tv.onnx");

    [Theory]
    [InlineData("featmp", "featmap")]
    [InlineData("boxmap", "boxam")]
    public void MistypedCommand_SuggestsTheCommand(string typed, string meant)
    {
        var r = User.Value.Run(typed, CatDog);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"'{meant}'", r.Err);
    }

    [Theory]
    [InlineData("--target-layer", "--target-layers")]
    [InlineData("--methods", "--method")]
    [InlineData("--save_path", null)]
    public void MistypedOption_NotReadAsAnImage_SuggestsTheOption(string typed, string? meant)
    {
        var r = User.Value.Run("cam", CatDog, "--model", Squeezenet, typed, "x.png");
        if (meant is null)
        {
            // An underscore spelling is the hyphenated option.
            Assert.True(r.ExitCode == 0, r.ToString());
            return;
        }
        Assert.Equal(2, r.ExitCode);
        Assert.DoesNotContain("image not found", r.Err);
        Assert.Contains($"'{meant}'", r.Err);
    }

    [Fact]
    public void OptionAfterTargetLayers_IsAnOptionNotALayer()
    {
        var user = User.Value;
        user.Succeeds("cam", CatDog, "--model", Squeezenet, "--target-layers", "features.12", "--save-path", "after.png");
        Assert.True(user.Exists("after.png"));
    }

    [Fact]
    public void NoCommand_ListsTheCommands()
    {
        var r = User.Value.Run();
        foreach (var command in new[] { "cam", "featmap", "boxam", "dump", "report", "layers" }) Assert.Contains(command, r.Out + r.Err);
        Assert.DoesNotContain("Required command was not provided", r.Out + r.Err);
    }

    [Fact]
    public void UnknownTargetCategoryName_SaysSoInWords()
    {
        var r = User.Value.Run("cam", CatDog, "--model", Squeezenet, "--target-category", "tabbby", "--save-path", "t.png");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("tabbby", r.Err);
        Assert.DoesNotContain("System.", r.Err);
    }
}
