using System.Buffers.Binary;
using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using CamSharp.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Tests.Oracle;

/// <summary>
/// One graph input as the file types it (ONNX element code, dims, little-endian bytes), so
/// ONNX Runtime gets exactly the declared type and CamSharp the same values widened.
/// </summary>
internal sealed record OracleFeed(string Name, int Code, long[] Shape, byte[] Raw)
{
    public int Count => (int)Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>The engine's tensor: the same bytes through CamSharp's own decoder.</summary>
    public Tensor ToTensor() => TensorDecoder.FromRaw(Raw, Code, Count, Shape.Select(d => (int)d).ToArray());

    public OrtValue ToOrt() => Code switch
    {
        OnnxElementType.Float => OrtValue.CreateTensorValueFromMemory(Read(4, (s) => BinaryPrimitives.ReadSingleLittleEndian(s)), Shape),
        OnnxElementType.Double => OrtValue.CreateTensorValueFromMemory(Read(8, (s) => BinaryPrimitives.ReadDoubleLittleEndian(s)), Shape),
        OnnxElementType.Float16 => OrtValue.CreateTensorValueFromMemory(Read(2, (s) => new Float16(BinaryPrimitives.ReadUInt16LittleEndian(s))), Shape),
        OnnxElementType.Int64 => OrtValue.CreateTensorValueFromMemory(Read(8, (s) => BinaryPrimitives.ReadInt64LittleEndian(s)), Shape),
        OnnxElementType.Int32 => OrtValue.CreateTensorValueFromMemory(Read(4, (s) => BinaryPrimitives.ReadInt32LittleEndian(s)), Shape),
        OnnxElementType.UInt8 => OrtValue.CreateTensorValueFromMemory((byte[])Raw.Clone(), Shape),
        OnnxElementType.Int8 => OrtValue.CreateTensorValueFromMemory(Raw.Select(b => (sbyte)b).ToArray(), Shape),
        OnnxElementType.Bool => OrtValue.CreateTensorValueFromMemory(Raw.Select(b => b != 0).ToArray(), Shape),
        _ => throw new NotSupportedException($"input '{Name}' has element type {OnnxElementType.Name(Code)}, which the oracle does not feed"),
    };

    private T[] Read<T>(int size, ReadSpan<T> read)
    {
        var r = new T[Count];
        for (int i = 0; i < r.Length; i++) r[i] = read(Raw.AsSpan(i * size, size));
        return r;
    }

    private delegate T ReadSpan<T>(ReadOnlySpan<byte> bytes);

    /// <summary>A serialized TensorProto (test_data_set_N/input_K.pb).</summary>
    public static OracleFeed FromPb(string name, string path)
    {
        var t = TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
        long[] shape = t.Dims.ToArray();
        if (t.RawData.Length > 0) return new OracleFeed(name, t.DataType, shape, t.RawData.ToByteArray());
        var bytes = new List<byte>();
        switch (t.DataType)
        {
            case OnnxElementType.Float: foreach (var v in t.FloatData) bytes.AddRange(BitConverter.GetBytes(v)); break;
            case OnnxElementType.Double: foreach (var v in t.DoubleData) bytes.AddRange(BitConverter.GetBytes(v)); break;
            case OnnxElementType.Int64: foreach (var v in t.Int64Data) bytes.AddRange(BitConverter.GetBytes(v)); break;
            case OnnxElementType.Int32: foreach (var v in t.Int32Data) bytes.AddRange(BitConverter.GetBytes(v)); break;
            case OnnxElementType.UInt8 or OnnxElementType.Int8 or OnnxElementType.Bool: foreach (var v in t.Int32Data) bytes.Add((byte)v); break;
            case OnnxElementType.Float16: foreach (var v in t.Int32Data) bytes.AddRange(BitConverter.GetBytes((ushort)v)); break;
            default: throw new NotSupportedException($"{path}: element type {OnnxElementType.Name(t.DataType)} in typed fields");
        }
        return new OracleFeed(name, t.DataType, shape, bytes.ToArray());
    }

    /// <summary>Float values <paramref name="values"/> stored as element type <paramref name="code"/> (FLOAT or FLOAT16).</summary>
    public static OracleFeed FromFloats(string name, int code, long[] shape, float[] values)
    {
        if (code == OnnxElementType.Float16)
        {
            var h = new byte[values.Length * 2];
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(h.AsSpan(i * 2), (Half)values[i]);
            return new OracleFeed(name, code, shape, h);
        }
        if (code != OnnxElementType.Float) throw new NotSupportedException($"input '{name}' is {OnnxElementType.Name(code)}; only float inputs are generated");
        var b = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, b, 0, b.Length);
        return new OracleFeed(name, code, shape, b);
    }
}
