using CamSharp.Files;
using CamSharp.Tests.Hardening;
using Xunit;

namespace CamSharp.Tests.Files;

/// <summary>What <see cref="AtomicFile"/> writes over: regular files only, never an input of the scope, any legal name.</summary>
public sealed class AtomicFileTargetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("camsharp-atomic-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Write_OverAFifo_IsRefusedAndTheFifoKept()
    {
        string fifo = SpecialFiles.Fifo(Path.Combine(_root, "out.npy"));
        var e = Assert.Throws<UnsafePathException>(() => AtomicFile.Write(fifo, [1, 2]));
        Assert.Contains("FIFO", e.Message);
        Assert.Equal(FileKind.Fifo, FileStatus.Of(fifo).Kind);
    }

    [Fact]
    public void Write_OverALinkToADevice_IsRefusedAndTheLinkKept()
    {
        string link = Path.Combine(_root, "out.npy");
        File.CreateSymbolicLink(link, "/dev/null");
        Assert.Throws<UnsafePathException>(() => AtomicFile.Write(link, [1, 2]));
        Assert.Equal(FileKind.SymbolicLink, FileStatus.Of(link, followLinks: false).Kind);
    }

    [Fact]
    public void Write_ThroughALinkToARegularFile_WritesTheTargetAndKeepsTheLink()
    {
        string target = Path.Combine(_root, "t.bin");
        File.WriteAllBytes(target, [0]);
        string link = Path.Combine(_root, "l.bin");
        File.CreateSymbolicLink(link, target);
        AtomicFile.Write(link, [7, 8]);
        Assert.Equal([7, 8], File.ReadAllBytes(target));
        Assert.Equal(FileKind.SymbolicLink, FileStatus.Of(link, followLinks: false).Kind);
    }

    [Fact]
    public void Write_LongestLegalName_Works()
    {
        string path = Path.Combine(_root, new string('n', 250) + ".npy");
        AtomicFile.Write(path, [1]);
        Assert.Equal([1], File.ReadAllBytes(path));
    }

    [Fact]
    public void Write_OverAFileReadInTheScope_IsRefused()
    {
        string input = Path.Combine(_root, "in.png");
        File.WriteAllBytes(input, [1, 2, 3]);
        using (InputGuard.Begin())
        {
            RegularFile.ReadAllBytes(input, 100);
            var e = Assert.Throws<UnsafePathException>(() => AtomicFile.Write(input, [9]));
            Assert.Contains("is the input", e.Message);
        }
        Assert.Equal([1, 2, 3], File.ReadAllBytes(input));
        AtomicFile.Write(input, [9]); // outside the scope nothing is protected
    }

    [Fact]
    public void WriteProbe_DoesNotFollowAPlantedLink()
    {
        string victim = Path.Combine(_root, "victim.txt");
        File.WriteAllText(victim, "keep");
        // The old probe name was predictable: plant links under every name it could take.
        for (int pid = Environment.ProcessId - 2; pid <= Environment.ProcessId + 2; pid++)
            File.CreateSymbolicLink(Path.Combine(_root, $".camsharp-probe-{pid}"), victim);
        WriteProbe.Check(_root);
        Assert.Equal("keep", File.ReadAllText(victim));
        Assert.Equal(6, Directory.GetFileSystemEntries(_root).Length);
    }
}
