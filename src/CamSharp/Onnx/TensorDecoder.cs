using System.Buffers.Binary;
using System.Runtime.InteropServices;
using CamSharp.Engine;
using CamSharp.Onnx.Proto;
using CamSharp.Tensors;

namespace CamSharp.Onnx;

/// <summary>
/// Decodes tensor bytes (little-endian <c>raw_data</c>) or the typed repeated fields into
/// engine tensors, widening float16/bfloat16/double to float32 and every integer type to
/// int64. Callers have already checked that the element counts match.
/// </summary>
internal static class TensorDecoder
{
    /// <summary>Elements held in the typed field that the spec assigns to <paramref name="code"/>.</summary>
    public static long TypedCount(TensorProto p, int code) => code switch
    {
        OnnxElementType.Float => p.FloatData.Count,
        OnnxElementType.Int64 => p.Int64Data.Count,
        OnnxElementType.Double => p.DoubleData.Count,
        OnnxElementType.UInt32 or OnnxElementType.UInt64 => p.Uint64Data.Count,
        _ => p.Int32Data.Count, // int8..int32, uint8, uint16, bool, float16, bfloat16
    };

    public static Tensor FromRaw(ReadOnlySpan<byte> raw, int code, int n, int[] shape)
    {
        switch (code)
        {
            case OnnxElementType.Float:
            {
                // Every value is written below: no zeroing first (resnet18's 45 MB of weights were cleared, then copied over).
                var f = GC.AllocateUninitializedArray<float>(n);
                if (BitConverter.IsLittleEndian) raw[..(n * 4)].CopyTo(MemoryMarshal.AsBytes(f.AsSpan()));
                else for (int i = 0; i < n; i++) f[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
                return Tensor.FromFloats(f, shape);
            }
            case OnnxElementType.Float16:
            {
                var f = new float[n];
                for (int i = 0; i < n; i++) f[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw[(i * 2)..]);
                return Tensor.FromFloats(f, shape);
            }
            case OnnxElementType.BFloat16:
            {
                var f = new float[n];
                for (int i = 0; i < n; i++) f[i] = BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw[(i * 2)..]));
                return Tensor.FromFloats(f, shape);
            }
            case OnnxElementType.Double:
            {
                var f = new float[n];
                for (int i = 0; i < n; i++) f[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * 8)..]);
                return Tensor.FromFloats(f, shape);
            }
            case OnnxElementType.Bool:
            {
                var b = new bool[n];
                for (int i = 0; i < n; i++) b[i] = raw[i] != 0;
                return Tensor.FromBools(b, shape);
            }
            default:
                return Tensor.FromLongs(RawIntegers(raw, code, n), shape);
        }
    }

    private static long[] RawIntegers(ReadOnlySpan<byte> raw, int code, int n)
    {
        var l = new long[n];
        switch (code)
        {
            case OnnxElementType.Int8: for (int i = 0; i < n; i++) l[i] = (sbyte)raw[i]; break;
            case OnnxElementType.UInt8: for (int i = 0; i < n; i++) l[i] = raw[i]; break;
            case OnnxElementType.Int16: for (int i = 0; i < n; i++) l[i] = BinaryPrimitives.ReadInt16LittleEndian(raw[(i * 2)..]); break;
            case OnnxElementType.UInt16: for (int i = 0; i < n; i++) l[i] = BinaryPrimitives.ReadUInt16LittleEndian(raw[(i * 2)..]); break;
            case OnnxElementType.Int32: for (int i = 0; i < n; i++) l[i] = BinaryPrimitives.ReadInt32LittleEndian(raw[(i * 4)..]); break;
            case OnnxElementType.UInt32: for (int i = 0; i < n; i++) l[i] = BinaryPrimitives.ReadUInt32LittleEndian(raw[(i * 4)..]); break;
            case OnnxElementType.Int64:
                if (BitConverter.IsLittleEndian) raw[..(n * 8)].CopyTo(MemoryMarshal.AsBytes(l.AsSpan()));
                else for (int i = 0; i < n; i++) l[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(i * 8)..]);
                break;
            case OnnxElementType.UInt64:
                // Values past long.MaxValue wrap; they occur only as "no limit" sentinels, where the sign does not matter.
                for (int i = 0; i < n; i++) l[i] = unchecked((long)BinaryPrimitives.ReadUInt64LittleEndian(raw[(i * 8)..]));
                break;
            default: throw new ArgumentOutOfRangeException(nameof(code), code, "not an integer type");
        }
        return l;
    }

    public static Tensor FromTyped(TensorProto p, int code, int n, int[] shape, string what, Func<string, string, ModelException> fail)
    {
        switch (code)
        {
            case OnnxElementType.Float:
                return Tensor.FromFloats(p.FloatData.ToArray(), shape);
            case OnnxElementType.Double:
            {
                var f = new float[n];
                for (int i = 0; i < n; i++) f[i] = (float)p.DoubleData[i];
                return Tensor.FromFloats(f, shape);
            }
            case OnnxElementType.Float16 or OnnxElementType.BFloat16:
            {
                // The spec stores the 16-bit patterns in the low half of int32_data.
                var f = new float[n];
                for (int i = 0; i < n; i++)
                {
                    ushort bits = unchecked((ushort)p.Int32Data[i]);
                    f[i] = code == OnnxElementType.Float16 ? (float)BitConverter.UInt16BitsToHalf(bits) : BFloat16ToSingle(bits);
                }
                return Tensor.FromFloats(f, shape);
            }
            case OnnxElementType.Bool:
            {
                var b = new bool[n];
                for (int i = 0; i < n; i++) b[i] = p.Int32Data[i] != 0;
                return Tensor.FromBools(b, shape);
            }
            case OnnxElementType.Int64:
                return Tensor.FromLongs(p.Int64Data.ToArray(), shape);
            case OnnxElementType.UInt32 or OnnxElementType.UInt64:
            {
                var l = new long[n];
                for (int i = 0; i < n; i++) l[i] = unchecked((long)p.Uint64Data[i]);
                return Tensor.FromLongs(l, shape);
            }
            case OnnxElementType.Int8 or OnnxElementType.UInt8 or OnnxElementType.Int16 or OnnxElementType.UInt16 or OnnxElementType.Int32:
            {
                var l = new long[n];
                for (int i = 0; i < n; i++) l[i] = p.Int32Data[i];
                return Tensor.FromLongs(l, shape);
            }
            default:
                throw fail(what, $"has element type {OnnxElementType.Name(code)}, which CamSharp cannot hold");
        }
    }

    private static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);
}
