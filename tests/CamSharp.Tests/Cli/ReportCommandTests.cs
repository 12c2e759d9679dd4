using System.Text.RegularExpressions;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class ReportCommandTests
{
    [Fact]
    public void Report_CatDogTwoClasses_WritesOnePageWithEveryMap()
    {
        string path = Path.Combine(CliRunner.TempDir(), "report.html");
        var r = CliRunner.Run("report", Fixtures.Asset("images/cat-dog.png"), "--model", Fixtures.Asset("models/squeezenet1_1_tv.onnx"),
            "--methods", "gradcam,layercam", "--target-category", "281", "238", "--labels", Fixtures.Asset("labels/imagenet1k_classes.txt"), "--out", path);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("4 maps", r.Out);
        string html = File.ReadAllText(path);
        Assert.Equal(2 + 4, Regex.Matches(html, "<img src=\"data:image/png;base64,").Count);
        Assert.Contains("281: tabby", html);
        Assert.Contains("238: Greater Swiss Mountain dog", html);
    }

    [Theory]
    [InlineData("confidence,road", true)]
    [InlineData("none", false)]
    public void Report_Metrics_ShownOnEachMapUnlessNone(string metrics, bool shown)
    {
        string path = Path.Combine(CliRunner.TempDir(), "report.html");
        var r = CliRunner.Run("report", Fixtures.Asset("images/cat-dog.png"), "--model", Fixtures.Asset("models/squeezenet1_1_tv.onnx"),
            "--methods", "gradcam", "--metrics", metrics, "--out", path);
        Assert.True(r.ExitCode == 0, r.Err);
        string html = File.ReadAllText(path);
        foreach (var name in new[] { "confidence_change", "road_morf", "road_lerf", "road_combined" })
            Assert.Equal(shown, html.Contains(name, StringComparison.Ordinal));
        Assert.DoesNotContain("deletion_auc", html);
    }

    [Theory]
    [InlineData("--metrics", "roads", "confidence")]
    [InlineData("--methods", "gradkam", "'gradcam'")]
    [InlineData("--target-layers", "feature.12", "features.12")]
    [InlineData("--colormap", "rainbow", "viridis")]
    [InlineData("--target-category", "5000", "0..999")]
    public void Report_BadArgument_Exit2NamesItAndWritesNothing(string option, string value, string hint)
    {
        string dir = CliRunner.TempDir();
        string path = Path.Combine(dir, "report.html");
        var r = CliRunner.Run("report", Fixtures.Asset("images/cat-dog.png"), "--model", Fixtures.Asset("models/squeezenet1_1_tv.onnx"), option, value, "--out", path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(value, r.Err);
        Assert.Contains(hint, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void Report_InputTensor_AsksForAnImage()
    {
        string path = Path.Combine(CliRunner.TempDir(), "report.html");
        var r = CliRunner.Run("report", "--input-tensor", Fixtures.File("outputs/tensors/digitcnn__d96_a__96x96.npy"), "--model", Fixtures.File("models/digitcnn.onnx"), "--out", path);
        Assert.Equal(2, r.ExitCode);
        Assert.False(File.Exists(path));
    }

    /// <summary>Every catalogue method that gives a [0, 1] map is drawn in the report (tokens on a ViT); the others are refused by name.</summary>
    [Fact]
    public void Report_EveryCatalogueMethod_DrawnIfItGivesAMapElseRefused()
    {
        string dir = CliRunner.TempDir(), path = Path.Combine(dir, "report.html");
        var names = CatalogueModels.ForClassifiers(m => m.GivesMap).Select(m => m.Name).ToArray();
        var r = CliRunner.Run("report", CatalogueModels.Image, "--model", CatalogueModels.TinyCnn, "--methods", string.Join(",", names), "--metrics", "none", "--out", path);
        Assert.True(r.ExitCode == 0, r.Err);
        string html = File.ReadAllText(path);
        foreach (var name in names) Assert.Contains($"<td data-label=\"method\">{name}</td>", html);

        foreach (var token in CamSharp.Explain.CamMethods.All.Where(m => m.NeedsTokens))
        {
            var t = CliRunner.Run("report", Fixtures.File("inputs/d64_a.png"), "--model", CatalogueModels.TinyVit, "--methods", token.Name,
                "--target-layers", CatalogueModels.TinyVitBlockInput, "--metrics", "none", "--out", Path.Combine(dir, "vit.html"));
            Assert.True(t.ExitCode == 0, $"{token.Name}: {t.Err}");
        }
        foreach (var other in CamSharp.Explain.CamMethods.All.Where(m => !m.GivesMap || m.NeedsBoxTargets))
        {
            var o = CliRunner.Run("report", CatalogueModels.Image, "--model", CatalogueModels.TinyCnn, "--methods", other.Name, "--out", Path.Combine(dir, "x.html"));
            Assert.True(o.ExitCode == 2, $"{other.Name}: exit {o.ExitCode}");
            Assert.Contains(other.Name, o.Err);
        }
    }
}

/// <summary>Issue 19 item 3: --target-category takes a class name, and a bad one is a plain message.</summary>
[Collection("cli")]
public sealed class ReportTargetCategoryTests
{
    [Fact]
    public void Report_TargetCategoryByName_ExplainsThatClass()
    {
        string path = Path.Combine(CliRunner.TempDir(), "report.html");
        var r = CliRunner.Run("report", Fixtures.Asset("images/cat-dog.png"), "--model", Fixtures.Asset("models/squeezenet1_1_tv.onnx"),
            "--methods", "gradcam", "--metrics", "none", "--target-category", "tabby", "--out-file", path);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("281: tabby", File.ReadAllText(path));
    }

    [Fact]
    public void Report_UnknownClassName_ClearMessageWithoutTypeName()
    {
        var r = CliRunner.Run("report", Fixtures.Asset("images/cat-dog.png"), "--model", Fixtures.Asset("models/squeezenet1_1_tv.onnx"),
            "--methods", "gradcam", "--metrics", "none", "--target-category", "tabbby", "--out-file", Path.Combine(CliRunner.TempDir(), "r.html"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--target-category 'tabbby' is not a class name", r.Err);
        Assert.DoesNotContain("System.", r.Err);
    }
}

[Collection("cli")]
public sealed class ReportFolderTests
{
    [Fact]
    public void Report_TwoImagesWithOutDir_OnePageEachNamedAfterTheImage()
    {
        string outDir = Path.Combine(CliRunner.TempDir(), "out");
        var r = CliRunner.Run("report", Fixtures.File("inputs/d64_a.png"), Fixtures.File("inputs/d96_a.png"), "--model", Fixtures.File("models/digitcnn.onnx"),
            "--methods", "gradcam", "--metrics", "none", "--out-dir", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(["d64_a.html", "d96_a.html"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Report_OutFileWithTwoImages_IsRefusedSayingOutDir()
    {
        var r = CliRunner.Run("report", Fixtures.File("inputs/d64_a.png"), Fixtures.File("inputs/d96_a.png"), "--model", Fixtures.File("models/digitcnn.onnx"),
            "--out", Path.Combine(CliRunner.TempDir(), "r.html"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--out writes one page", r.Err);
        Assert.Contains("use --out-dir", r.Err);
    }
}
