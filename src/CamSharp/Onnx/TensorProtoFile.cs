using CamSharp.Engine;
using CamSharp.Onnx.Proto;
using CamSharp.Tensors;
using Google.Protobuf;

namespace CamSharp.Onnx;

/// <summary>A tensor read from a file together with its name and the element type the file declares ("UINT8").</summary>
public sealed record OnnxTensor(string Name, string OnnxType, Tensor Value);

/// <summary>
/// Reads a serialized <c>TensorProto</c> (the <c>.pb</c> files of ONNX's test data) into an
/// engine tensor, widened the way the model loader widens initializers, with the same checks.
/// </summary>
public static class TensorProtoFile
{
    public static OnnxTensor Read(string path, OnnxLoadOptions? options = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelException($"{path}: cannot be read ({e.Message})", e);
        }
        return Read(bytes, path, options);
    }

    /// <summary>Reads a tensor from bytes; <paramref name="displayName"/> names it in messages.</summary>
    public static OnnxTensor Read(byte[] bytes, string displayName, OnnxLoadOptions? options = null)
    {
        TensorProto proto;
        try
        {
            proto = TensorProto.Parser.ParseFrom(bytes);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException)
        {
            throw new ModelException($"{displayName}: not a serialized ONNX tensor ({e.Message})", e);
        }
        var reader = new TensorReader(displayName, null, options ?? OnnxLoadOptions.Default);
        var tensor = reader.Read(proto, $"tensor '{proto.Name}'");
        return new OnnxTensor(proto.Name, OnnxElementType.Name(proto.DataType), tensor);
    }
}
