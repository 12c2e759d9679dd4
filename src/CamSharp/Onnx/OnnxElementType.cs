using CamSharp.Tensors;

namespace CamSharp.Onnx;

/// <summary>
/// Facts about ONNX element types (<c>TensorProto.DataType</c> codes): the spec's name,
/// the bytes per element in <c>raw_data</c>, and the engine type it widens to.
/// </summary>
internal static class OnnxElementType
{
    public const int Float = 1, UInt8 = 2, Int8 = 3, UInt16 = 4, Int16 = 5, Int32 = 6, Int64 = 7,
        String = 8, Bool = 9, Float16 = 10, Double = 11, UInt32 = 12, UInt64 = 13, BFloat16 = 16;

    private static readonly string[] Names =
    [
        "UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "STRING", "BOOL",
        "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16",
        "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4", "INT4",
        "FLOAT4E2M1", "FLOAT8E8M0", "UINT2", "INT2",
    ];

    /// <summary>The spec's name ("FLOAT16"), or "type 99" for a code it does not know.</summary>
    public static string Name(int code) => code >= 0 && code < Names.Length ? Names[code] : $"type {code}";

    /// <summary>Why a value of this type cannot be read: "has element type STRING, which CamSharp cannot hold; ...".</summary>
    public static string CannotHold(int code) =>
        $"has element type {Name(code)}, which CamSharp cannot hold" + (code == String ? "; outside CamSharp's scope: strings and text" : "");

    /// <summary>The code of a spec name ("FLOAT", any case), as opset 1–5 Cast wrote it; null when unknown.</summary>
    public static int? Code(string name)
    {
        int i = Array.FindIndex(Names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return i > 0 ? i : null;
    }

    /// <summary>The engine type a code widens to, or null when the engine cannot hold it.</summary>
    public static DataType? ToDataType(int code) => code switch
    {
        Float or Float16 or BFloat16 or Double => DataType.Float32,
        UInt8 or Int8 or UInt16 or Int16 or Int32 or Int64 or UInt32 or UInt64 => DataType.Int64,
        Bool => DataType.Bool,
        _ => null,
    };

    /// <summary>Bytes per element in <c>raw_data</c> for the codes the engine reads.</summary>
    public static int RawSize(int code) => code switch
    {
        UInt8 or Int8 or Bool => 1,
        UInt16 or Int16 or Float16 or BFloat16 => 2,
        Float or Int32 or UInt32 => 4,
        Int64 or UInt64 or Double => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "not a fixed-width type the engine reads"),
    };

    /// <summary>The ONNX name of an engine type, for specs that were built in memory.</summary>
    public static string Name(DataType type) => type switch
    {
        DataType.Float32 => "FLOAT",
        DataType.Int64 => "INT64",
        _ => "BOOL",
    };
}
