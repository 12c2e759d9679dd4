using System.Text.RegularExpressions;
using Xunit;

namespace CamSharp.Tests.Docs;

/// <summary>README's pictures and <c>tools/gallery/make.sh</c>, which regenerates them, stay in step.</summary>
public sealed partial class GalleryTests
{
    private static string Readme => File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "README.md"));

    private static string Script => File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "tools", "gallery", "make.sh"));

    [GeneratedRegex(@"\]\((docs/images/[^)\s]+)\)")]
    private static partial Regex ReadmePicture();

    [GeneratedRegex(@"(docs/images/[A-Za-z0-9._-]+\.(?:png|jpg|jpeg))")]
    private static partial Regex ScriptPicture();

    [Fact]
    public void Readme_EveryPictureShown_IsMadeByTheGalleryScript()
    {
        var shown = ReadmePicture().Matches(Readme).Select(m => m.Groups[1].Value).Distinct().ToArray();
        var made = ScriptPicture().Matches(Script).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(shown);
        Assert.All(shown, p => Assert.True(made.Contains(p), $"README.md shows {p}, which tools/gallery/make.sh does not make"));
    }

    [Fact]
    public void GalleryScript_EveryPictureMade_IsInTheRepositoryAndShown()
    {
        var made = ScriptPicture().Matches(Script).Select(m => m.Groups[1].Value).Distinct().ToArray();
        string readme = Readme;
        Assert.All(made, p =>
        {
            Assert.True(File.Exists(Path.Combine(Fixtures.RepoRoot, p)), $"{p} is made by the script but not committed");
            Assert.Contains($"]({p})", readme);
        });
    }
}
