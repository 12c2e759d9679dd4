using CamSharp.Files;
using CamSharp.Tests.Hardening;
using Xunit;

namespace CamSharp.Tests.Files;

public sealed class RegularFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("camsharp-regular-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ReadAllBytes_Fifo_IsRefusedWithoutBlocking()
    {
        string fifo = SpecialFiles.Fifo(Path.Combine(_root, "pipe"));
        var e = await Task.Run(() => Assert.Throws<UnsafePathException>(() => RegularFile.ReadAllBytes(fifo, 1 << 20)))
            .WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("FIFO", e.Message);
    }

    [Theory]
    [InlineData("/proc/self/status")]
    [InlineData("/proc/self/mem")]
    public void ReadAllBytes_PseudoFileThatSaysZeroBytes_IsRefused(string path)
    {
        // Regular files by stat, of size 0: read by their size they were empty (an empty --labels list).
        var e = Assert.Throws<UnsafePathException>(() => RegularFile.ReadAllBytes(path, 1 << 20, "labels file"));
        Assert.Contains(path, e.Message);
        Assert.Contains("labels file must be a regular file", e.Message);
    }

    [Fact]
    public void ReadAllBytes_EmptyFile_ReadsNothing()
    {
        string path = Path.Combine(_root, "empty.txt");
        File.WriteAllBytes(path, []);
        Assert.Empty(RegularFile.ReadAllBytes(path, 1 << 20));
    }

    [Fact]
    public void ReadAllBytes_CharacterDevice_IsRefused()
    {
        var e = Assert.Throws<UnsafePathException>(() => RegularFile.ReadAllBytes("/dev/zero", 1 << 20, "image"));
        Assert.Contains("/dev/zero", e.Message);
        Assert.Contains("character device", e.Message);
    }

    [Fact]
    public void ReadAllBytes_PathOverTheSystemLimit_SaysTooLong()
    {
        string path = Path.Combine(_root, string.Join('/', Enumerable.Range(0, 110).Select(i => $"{i:D3}" + new string('d', 36))), "i.png");
        var e = Assert.Throws<UnsafePathException>(() => RegularFile.ReadAllBytes(path, 1 << 20, "image"));
        Assert.Contains("longer than the system allows", e.Message);
    }

    [Fact]
    public void ReadAllBytes_NameOver255Bytes_SaysTooLong()
    {
        var e = Assert.Throws<UnsafePathException>(() => RegularFile.ReadAllBytes(Path.Combine(_root, new string('n', 300) + ".png"), 1 << 20, "image"));
        Assert.Contains("longer than the system allows", e.Message);
    }

    [Fact]
    public void ReadAllBytes_Folder_SaysFolderNotPermission()
    {
        var e = Assert.Throws<UnsafePathException>(() => RegularFile.ReadAllBytes(_root, 1 << 20, "image"));
        Assert.Contains("is a folder", e.Message);
    }

    [Fact]
    public void ReadAllBytes_OverTheCap_IsRefusedBeforeReading()
    {
        string path = Path.Combine(_root, "big.bin");
        using (var fs = File.Create(path)) fs.SetLength(10_000);
        var e = Assert.Throws<ResourceLimitException>(() => RegularFile.ReadAllBytes(path, 1000));
        Assert.Equal(10_000, e.Requested);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ReadHeader_LargeFile_ReadsOnlyTheHeader()
    {
        string path = Path.Combine(_root, "big.bin");
        using (var fs = File.Create(path)) fs.SetLength(1L << 32); // sparse: 4 GiB claimed, nothing allocated
        Assert.Equal(16, RegularFile.ReadHeader(path, 16).Length);
    }

    [Fact]
    public void ReadAllBytes_LinkToRegularFile_IsRead()
    {
        string target = Path.Combine(_root, "t.bin");
        File.WriteAllBytes(target, [1, 2, 3]);
        File.CreateSymbolicLink(Path.Combine(_root, "l.bin"), target);
        Assert.Equal([1, 2, 3], RegularFile.ReadAllBytes(Path.Combine(_root, "l.bin"), 100));
    }
}
