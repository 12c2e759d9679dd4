using CamSharp.Files;
using Xunit;

namespace CamSharp.Tests.Files;

public sealed class RealPathTests : IDisposable
{
    private readonly string _root = RealPath.Resolve(Directory.CreateTempSubdirectory("camsharp-real-").FullName);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Resolve_LinkInTheMiddle_IsFollowed()
    {
        Directory.CreateDirectory(Path.Combine(_root, "a"));
        File.WriteAllText(Path.Combine(_root, "a", "f.txt"), "x");
        Directory.CreateSymbolicLink(Path.Combine(_root, "link"), Path.Combine(_root, "a"));
        Assert.Equal(Path.Combine(_root, "a", "f.txt"), RealPath.Resolve(Path.Combine(_root, "link", "f.txt")));
    }

    [Fact]
    public void Resolve_DotDotAfterALink_GoesUpFromTheTarget()
    {
        Directory.CreateDirectory(Path.Combine(_root, "a", "b"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "l"), Path.Combine(_root, "a", "b"));
        // Lexically l/.. is the root; the kernel goes to a.
        Assert.Equal(Path.Combine(_root, "a"), RealPath.Resolve(Path.Combine(_root, "l", "..")));
    }

    [Fact]
    public void Resolve_LinkLoop_IsRefused()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "x"), "y");
        File.CreateSymbolicLink(Path.Combine(_root, "y"), "x");
        var e = Assert.Throws<UnsafePathException>(() => RealPath.Resolve(Path.Combine(_root, "x")));
        Assert.Contains("loop", e.Message);
    }

    [Fact]
    public void ConfinedResolve_EscapeThroughLinkedFolder_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(_root, "m"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "m", "sub"), "/etc");
        var e = Assert.Throws<UnsafePathException>(() => ConfinedPath.Resolve(Path.Combine(_root, "m"), "sub/passwd"));
        Assert.Contains("/etc/passwd", e.Message);
        Assert.Contains("outside", e.Message);
    }
}
