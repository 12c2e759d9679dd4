using CamSharp.Ops;
using CamSharp.Tensors;

namespace CamSharp.Onnx;

/// <summary>
/// The engine computes narrow types in wide ones (int8..uint32 in int64, float16 and
/// bfloat16 in float32). At the graph boundary a value is brought back to what its declared
/// ONNX type holds: integers wrap as numpy's astype does, float16 and bfloat16 round to
/// nearest even. Wrapping at the end equals wrapping after every Add, Sub and Mul, since
/// those are exact modulo 2^k.
/// </summary>
internal static class DeclaredTypeNarrowing
{
    /// <summary>Narrows <paramref name="t"/> in place to the ONNX element type named <paramref name="onnxType"/> ("UINT8").</summary>
    public static void Apply(Tensor t, string onnxType)
    {
        switch (onnxType)
        {
            case "FLOAT16" when t.Type == DataType.Float32:
                var f = t.Floats;
                for (int i = 0; i < f.Length; i++) f[i] = (float)(Half)f[i];
                break;
            case "BFLOAT16" when t.Type == DataType.Float32:
                var b = t.Floats;
                for (int i = 0; i < b.Length; i++) b[i] = CastOperator.RoundToBFloat16(b[i]);
                break;
            case "INT8" or "UINT8" or "INT16" or "UINT16" or "INT32" or "UINT32" when t.Type == DataType.Int64:
                Wrap(t.Longs, onnxType);
                break;
        }
    }

    private static void Wrap(Span<long> v, string onnxType)
    {
        for (int i = 0; i < v.Length; i++)
            v[i] = onnxType switch
            {
                "INT8" => unchecked((sbyte)v[i]),
                "UINT8" => unchecked((byte)v[i]),
                "INT16" => unchecked((short)v[i]),
                "UINT16" => unchecked((ushort)v[i]),
                "INT32" => unchecked((int)v[i]),
                _ => unchecked((uint)v[i]),
            };
    }
}
