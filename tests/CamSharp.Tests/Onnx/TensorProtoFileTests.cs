using CamSharp.Engine;
using CamSharp.Onnx;
using Google.Protobuf;
using Xunit;

namespace CamSharp.Tests.Onnx;

public class TensorProtoFileTests
{
    [Fact]
    public void Read_Uint8Tensor_WidensAndKeepsTheDeclaredType()
    {
        var proto = ModelBuilder.Raw("x", 2, [0, 7, 255], 3);
        var t = TensorProtoFile.Read(proto.ToByteArray(), "x.pb");
        Assert.Equal("x", t.Name);
        Assert.Equal("UINT8", t.OnnxType);
        Assert.Equal([0L, 7, 255], t.Value.Longs.ToArray());
    }

    [Fact]
    public void Read_ScalarTensor_HasRankZero()
    {
        var t = TensorProtoFile.Read(ModelBuilder.Floats("s", [2.5f]).ToByteArray(), "s.pb");
        Assert.Empty(t.Value.Shape);
        Assert.Equal(2.5f, t.Value.Floats[0]);
    }

    [Fact]
    public void Read_DoubleTensor_IsRefused() =>
        Assert.Contains("DOUBLE", Assert.Throws<ModelException>(() =>
            TensorProtoFile.Read(ModelBuilder.Raw("d", 11, new byte[8], 1).ToByteArray(), "d.pb")).Message);

    [Fact]
    public void Read_Garbage_IsAModelExceptionNamingTheFile() =>
        Assert.Contains("g.pb", Assert.Throws<ModelException>(() => TensorProtoFile.Read([0xFF, 0xFF, 0xFF], "g.pb")).Message);
}
