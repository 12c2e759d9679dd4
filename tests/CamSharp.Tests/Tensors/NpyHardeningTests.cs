using System.IO.Compression;
using System.Text;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Tensors;

/// <summary>.npy files that lie or repeat themselves (issue 18, items 5, 7 and 10).</summary>
public sealed class NpyHardeningTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("camsharp-npy-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static byte[] File(string header, int dataBytes)
    {
        var h = Encoding.Latin1.GetBytes(header + "\n");
        var bytes = new byte[10 + h.Length + dataBytes];
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = 1;
        BitConverter.GetBytes((ushort)h.Length).CopyTo(bytes, 8);
        h.CopyTo(bytes, 10);
        return bytes;
    }

    [Fact]
    public void Read_DescrGivenTwice_UsesTheLastAsNumPyDoes()
    {
        var bytes = File("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), 'descr': '<f4', }", 8);
        BitConverter.GetBytes(1.5f).CopyTo(bytes, bytes.Length - 8);
        var a = Npy.Read(new MemoryStream(bytes), bytes.Length);
        Assert.Equal("<f4", a.Descr);
        Assert.Equal(1.5f, a.ToTensor().Floats[0]);
    }

    [Fact]
    public void Read_MalformedLongHeader_IsNotEchoedWhole()
    {
        var bytes = File("{'x': '" + new string('y', 60000) + "'}", 0);
        var e = Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(bytes), bytes.Length));
        Assert.True(e.Message.Length < 400, $"message of {e.Message.Length} characters");
    }

    [Fact]
    public void ReadFile_GzipClaimingGigabytes_IsRefusedBeforeAllocating()
    {
        var bytes = File("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 8000, 8000), }", 0);
        string path = Path.Combine(_root, "bomb.npy.gz");
        using (var fs = System.IO.File.Create(path))
        using (var gz = new GZipStream(fs, CompressionLevel.Fastest)) gz.Write(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ResourceLimitException>(() => Npy.ReadFile(path, 64L << 20));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16L << 20);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ReadFile_HonestFileOverTheBudget_IsRefusedFromTheHeader()
    {
        var bytes = File("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3, 64, 64), }", 4 * 3 * 64 * 64);
        string path = Path.Combine(_root, "x.npy");
        System.IO.File.WriteAllBytes(path, bytes);
        Assert.Throws<ResourceLimitException>(() => Npy.ReadFile(path, 50_000));
        Assert.Equal([1, 3, 64, 64], Npy.ReadFile(path, 1 << 20).Shape);
    }
}
