using CamSharp.Engine;
using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using CamSharp.Tests.Hardening;
using Xunit;

namespace CamSharp.Tests.Onnx;

public sealed class ExternalDataReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("camsharp-ext-").FullName;
    private readonly string _modelDir;

    public ExternalDataReaderTests()
    {
        _modelDir = Path.Combine(_root, "model");
        Directory.CreateDirectory(Path.Combine(_modelDir, "weights"));
        // 8 floats: 0, 1, ..., 7.
        var bytes = new byte[32];
        Buffer.BlockCopy(Enumerable.Range(0, 8).Select(i => (float)i).ToArray(), 0, bytes, 0, 32);
        File.WriteAllBytes(Path.Combine(_modelDir, "weights", "w.bin"), bytes);
        File.WriteAllBytes(Path.Combine(_root, "secret.bin"), bytes);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static TensorProto External(string name, string location, long? offset = null, long? length = null, params long[] dims)
    {
        var t = ModelBuilder.Empty(name, 1, dims);
        t.DataLocation = TensorProto.Types.DataLocation.External;
        t.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        if (offset is { } o) t.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = o.ToString() });
        if (length is { } l) t.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = l.ToString() });
        return t;
    }

    private string SaveModel(params TensorProto[] tensors)
    {
        var b = ModelBuilder.Minimal();
        foreach (var t in tensors) b.Initializer(t);
        string path = Path.Combine(_modelDir, "model.onnx");
        File.WriteAllBytes(path, b.Bytes());
        return path;
    }

    private ModelException LoadFails(TensorProto t) =>
        Assert.Throws<ModelException>(() => OnnxModel.Load(SaveModel(t), TestModels.AcceptAll));

    [Fact]
    public void Load_ExternalTensors_ReadTheirSliceOfTheFile()
    {
        string path = SaveModel(
            External("first", "weights/w.bin", null, null, 2, 2),
            External("second", "weights/w.bin", 16, 16, 4));

        var model = OnnxModel.Load(path, TestModels.AcceptAll);

        Assert.Equal([0f, 1, 2, 3], model.Initializers["first"].ToFloatArray());
        Assert.Equal([2, 2], model.Initializers["first"].Shape);
        Assert.Equal([4f, 5, 6, 7], model.Initializers["second"].ToFloatArray());
    }

    [Fact]
    public void Load_FromBytesWithBaseDirectory_FindsExternalData()
    {
        var b = ModelBuilder.Minimal().Initializer(External("w", "weights/w.bin", 4, null, 2));
        Assert.Equal([1f, 2], b.Load(_modelDir).Initializers["w"].ToFloatArray());
        var e = Assert.Throws<ModelException>(() => b.Load());
        Assert.Contains("without a base directory", e.Message);
    }

    [Theory]
    [InlineData("../secret.bin", "outside the model's folder")]
    [InlineData("weights/../../secret.bin", "outside the model's folder")]
    [InlineData("/etc/passwd", "absolute path")]
    [InlineData("weights/missing.bin", "does not exist")]
    [InlineData("", "names no location")]
    public void Load_ExternalLocationsOutsideOrMissing_AreRefused(string location, string expected)
    {
        var e = LoadFails(External("w", location, null, null, 2));
        Assert.Contains("'w'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Load_LinkPointingOutsideTheFolder_IsRefused()
    {
        File.CreateSymbolicLink(Path.Combine(_modelDir, "weights", "link.bin"), Path.Combine(_root, "secret.bin"));
        var e = LoadFails(External("w", "weights/link.bin", null, null, 2));
        Assert.Contains("outside the model's folder", e.Message);
    }

    [Fact]
    public void Load_LinkedFolderInTheMiddleOfThePath_IsRefused()
    {
        // sub -> the parent folder: 'sub/secret.bin' ends in a regular file, but outside.
        Directory.CreateSymbolicLink(Path.Combine(_modelDir, "sub"), _root);
        var e = LoadFails(External("w", "sub/secret.bin", null, null, 2));
        Assert.Contains("outside the model's folder", e.Message);
        Assert.Contains(Path.Combine(_root, "secret.bin"), e.Message);
    }

    [Fact]
    public void Load_LinkedFolderThatStaysInside_IsRead()
    {
        Directory.CreateSymbolicLink(Path.Combine(_modelDir, "alias"), "weights");
        var model = OnnxModel.Load(SaveModel(External("w", "alias/w.bin", 4, null, 2)), TestModels.AcceptAll);
        Assert.Equal([1f, 2], model.Initializers["w"].ToFloatArray());
    }

    [Fact]
    public void Load_ExternalDataThatIsAFifo_IsRefusedWithoutBlocking()
    {
        string fifo = Path.Combine(_modelDir, "weights", "pipe.bin");
        SpecialFiles.Fifo(fifo);
        var e = LoadFails(External("w", "weights/pipe.bin", null, null, 2));
        Assert.Contains("FIFO", e.Message);
    }

    [Fact]
    public void Load_ExternalSizesThatDoNotFit_AreRefusedNamingTheTensor()
    {
        Assert.Contains("only 8 there", LoadFails(External("w", "weights/w.bin", 24, 16, 4)).Message);
        Assert.Contains("16 bytes of external data", LoadFails(External("w", "weights/w.bin", 16, null, 5)).Message);
        Assert.Contains("claims shape", LoadFails(External("w", "weights/w.bin", 0, 12, 4)).Message);
        Assert.Contains("not a non-negative integer", LoadFails(External("w", "weights/w.bin", -4, null, 1)).Message);
        Assert.Contains("1099511627776", LoadFails(External("w", "weights/w.bin", null, null, 1 << 20, 1 << 20)).Message);
    }
}
