using System.Text.RegularExpressions;
using CamSharp.Explain;
using Xunit;

namespace CamSharp.Tests.Application;

/// <summary>The layering DESIGN.md promises, checked on the sources and the assembly.</summary>
public partial class ArchitectureTests
{
    private static IEnumerable<string> Sources(string project) =>
        Directory.EnumerateFiles(Path.Combine(Fixtures.RepoRoot, "src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>Code lines only: doc comments and line comments dropped.</summary>
    private static IEnumerable<(string File, int Line, string Text)> CodeLines(string project) =>
        Sources(project).SelectMany(f => File.ReadAllLines(f).Select((text, i) => (File: Path.GetRelativePath(Fixtures.RepoRoot, f), Line: i + 1, Text: text)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal));

    [Fact]
    public void Cli_DoesNoTensorOrPixelMath()
    {
        var math = TensorOrPixelMath();
        var offenders = CodeLines("CamSharp.Cli").Where(l => math.IsMatch(l.Text)).Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.True(offenders.Count == 0, "tensor or pixel math in the CLI:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Library_MessagesNeverNameCommandLineFlags()
    {
        var flag = FlagInString();
        var offenders = CodeLines("CamSharp")
            .Where(l => !l.File.EndsWith("HtmlReportStyle.cs", StringComparison.Ordinal) && flag.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.True(offenders.Count == 0, "library strings that name a CLI flag:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Catalogue_EveryMethodDeclaresWhatItDoes()
    {
        foreach (var info in CamMethods.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(info.Summary), info.Name);
            if (!info.IsClassMap)
            {
                Assert.Throws<CamSharp.Engine.InputException>(() => CamMethods.Create(info.Name));
                continue;
            }
            var method = CamMethods.Create(info.Name);
            Assert.Equal(info.Name, method.Name);
            Assert.True(info.UsesGradients == method.UsesGradients, $"{info.Name}: UsesGradients");
            Assert.True(info.RerunsDownstream == method is IRerunsDownstream, $"{info.Name}: RerunsDownstream");
            Assert.True(info.WholeNetwork == method is CamSharp.Explain.Methods.IWholeMapMethod, $"{info.Name}: WholeNetwork");
        }
    }

    [Fact]
    public void Catalogue_HoldsEveryMethodClass()
    {
        var catalogued = CamMethods.All.Where(m => m.IsClassMap).Select(m => CamMethods.Create(m.Name).GetType()).ToHashSet();
        var classes = typeof(CamMethod).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(CamMethod)) && !t.IsAbstract && t.IsPublic);
        Assert.Empty(classes.Where(t => !catalogued.Contains(t)).Select(t => t.Name));
    }

    [Fact]
    public void Catalogue_UnknownName_SuggestsTheClosest()
    {
        var e = Assert.Throws<CamSharp.Engine.InputException>(() => CamMethods.Info("gradcm"));
        Assert.Contains("Did you mean 'gradcam'", e.Message, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\.Floats\b|TensorPrimitives|\.Pixels\b|new float\[|new byte\[")]
    private static partial Regex TensorOrPixelMath();

    /// <summary>A string literal holding <c>--word</c>.</summary>
    [GeneratedRegex("\"[^\"]*(?<![-\\w])--[a-z][a-z-]+[^\"]*\"")]
    private static partial Regex FlagInString();
}
