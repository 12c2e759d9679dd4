using CamSharp.Files;
using Xunit;

namespace CamSharp.Tests.Files;

public sealed class PathCollisionsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("camsharp-collide-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string File1(string name)
    {
        string p = Path.Combine(_root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, "x");
        return p;
    }

    [Fact]
    public void Check_OutputIsAHardLinkOfTheInput_IsRefused()
    {
        string input = File1("a.png");
        string other = Path.Combine(_root, "b.png");
        using (var p = System.Diagnostics.Process.Start("ln", [input, other])) p.WaitForExit();
        var e = Assert.Throws<UnsafePathException>(() => new PathCollisions().Input(input, "image").OutputFile(other, "--out").Check());
        Assert.Contains("--out is the same file as the image", e.Message);
    }

    [Fact]
    public void Check_OutputReachedThroughDotDotAndLinks_IsRefused()
    {
        string input = File1("photos/a.png");
        Directory.CreateSymbolicLink(Path.Combine(_root, "alias"), Path.Combine(_root, "photos"));
        var e = Assert.Throws<UnsafePathException>(() => new PathCollisions()
            .Input(Path.Combine(_root, "photos"), "images").OutputFolder(Path.Combine(_root, "alias", "..", "alias", "out"), "--out-dir").Check());
        Assert.Contains("inside the images folder", e.Message);
        _ = input;
    }

    [Fact]
    public void Check_SeparateFiles_Pass()
    {
        string input = File1("a.png");
        new PathCollisions().Input(input, "image").OutputFile(Path.Combine(_root, "b.png"), "--out").OutputFolder(Path.Combine(_root, "o"), "--out-dir").Check();
    }

    [Fact]
    public void Check_OutputFileThatIsAFolder_IsRefused()
    {
        var e = Assert.Throws<UnsafePathException>(() => new PathCollisions().OutputFile(_root, "--save-path").Check());
        Assert.Contains("is a folder", e.Message);
    }
}
