using CamSharp.Files;
using Xunit;

namespace CamSharp.Tests.Files;

public sealed class WriteProbeTests
{
    [Theory]
    [InlineData("/proc/self")]
    [InlineData("/proc")]
    public void Check_ProcFolder_SaysItTakesNoFilesWithoutTheProbeName(string folder)
    {
        var e = Assert.Throws<UnsafePathException>(() => WriteProbe.Check(folder));
        Assert.Contains($"{folder}: takes no new files", e.Message);
        Assert.DoesNotContain(".camsharp-probe", e.Message);
    }

    [Fact]
    public void Check_SysFolder_NamesTheFolderNotTheProbe()
    {
        var e = Assert.ThrowsAny<Exception>(() => WriteProbe.Check("/sys/kernel"));
        Assert.True(e is IOException or UnauthorizedAccessException, e.GetType().Name);
        Assert.Contains("/sys/kernel", e.Message);
        Assert.DoesNotContain(".camsharp-probe", e.Message);
    }

    [Fact]
    public void Check_WritableFolder_LeavesNothingBehind()
    {
        string dir = Directory.CreateTempSubdirectory("camsharp-probe-").FullName;
        try
        {
            WriteProbe.Check(dir);
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally { Directory.Delete(dir, true); }
    }
}
