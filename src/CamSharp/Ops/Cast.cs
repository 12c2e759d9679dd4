using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// The casts: Cast to the ONNX type in attribute <c>to</c>, CastLike to input 1's type.
/// The engine computes in float32, int64 and bool, so every float type lands in float32
/// and every integer type in int64 — but the values are those the narrow type would hold: float16/bfloat16 round to nearest even,
/// small integer types wrap, float to integer truncates toward zero, and anything non-zero
/// (NaN included) is true. Gradients pass unchanged from float and integer inputs (straight
/// through the rounding, so quantized integer values carry gradients) and are zero from bool.
/// </summary>
internal abstract class CastOperator(Node node) : Operator(node)
{
    /// <summary>How values are narrowed to the ONNX target type's precision or range.</summary>
    private protected virtual Narrowing Narrow => Narrowing.None;

    /// <summary>The engine type of the output.</summary>
    protected abstract DataType Target(InferContext ctx);

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        ctx.SetOutput(0, Target(ctx), x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        Tensor x = ctx.Input(0), y = ctx.Output(0);
        switch (x.Type, y.Type)
        {
            case (DataType.Float32, DataType.Float32):
                if (Narrow == Narrowing.None) Elementwise.Map(x, y, (a, b) => a.CopyTo(b));
                else Elementwise.Map(x, y, RoundToNarrowFloat);
                break;
            case (DataType.Float32, DataType.Int64):
                TensorPrimitives.ConvertTruncating<float, long>(x.Floats, y.Longs);
                Wrap(y.Longs);
                break;
            case (DataType.Int64, DataType.Float32):
                TensorPrimitives.ConvertTruncating<long, float>(x.Longs, y.Floats);
                if (Narrow != Narrowing.None) RoundToNarrowFloat(y.Floats, y.Floats);
                break;
            case (DataType.Int64, DataType.Int64):
                x.Longs.CopyTo(y.Longs);
                Wrap(y.Longs);
                break;
            case (_, DataType.Bool):
                var bools = y.Bools;
                for (int i = 0; i < bools.Length; i++) bools[i] = x.GetDouble(i) != 0; // NaN != 0 is true
                break;
            default: // from bool
                FromBool(x.Bools, y);
                break;
        }
    }

    private static void FromBool(ReadOnlySpan<bool> from, Tensor y)
    {
        if (y.Type == DataType.Float32)
        {
            var f = y.Floats;
            for (int i = 0; i < from.Length; i++) f[i] = from[i] ? 1f : 0f;
        }
        else
        {
            var l = y.Longs;
            for (int i = 0; i < from.Length; i++) l[i] = from[i] ? 1 : 0;
        }
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        // Integer inputs pass straight through too, so gradients reach the float side of a
        // quantized model (ConvInteger → Cast → Mul by the scales).
        if (ctx.OutputGrad(0) is { Type: DataType.Float32 } g && ctx.InputInfo(0).Type is DataType.Float32 or DataType.Int64)
            ctx.SetInputGrad(0, Elementwise.Copy(g));
        else
            Elementwise.SetZeroGrads(ctx);
    }

    private void RoundToNarrowFloat(ReadOnlySpan<float> x, Span<float> y)
    {
        if (Narrow == Narrowing.Float16)
        {
            Span<Half> h = stackalloc Half[Math.Min(x.Length, Elementwise.Block)];
            for (int s = 0; s < x.Length; s += h.Length)
            {
                int n = Math.Min(h.Length, x.Length - s);
                TensorPrimitives.ConvertToHalf(x.Slice(s, n), h[..n]);
                TensorPrimitives.ConvertToSingle(h[..n], y.Slice(s, n));
            }
            return;
        }
        for (int i = 0; i < x.Length; i++) y[i] = RoundToBFloat16(x[i]);
    }

    /// <summary>float32 → bfloat16 → float32: keep the top 16 bits, rounding to nearest even.</summary>
    internal static float RoundToBFloat16(float v)
    {
        if (float.IsNaN(v)) return v;
        uint bits = BitConverter.SingleToUInt32Bits(v);
        bits += 0x7FFFu + ((bits >> 16) & 1u);
        return BitConverter.UInt32BitsToSingle(bits & 0xFFFF0000u);
    }

    private void Wrap(Span<long> v)
    {
        switch (Narrow)
        {
            case Narrowing.Int8: for (int i = 0; i < v.Length; i++) v[i] = unchecked((sbyte)v[i]); break;
            case Narrowing.UInt8: for (int i = 0; i < v.Length; i++) v[i] = unchecked((byte)v[i]); break;
            case Narrowing.Int16: for (int i = 0; i < v.Length; i++) v[i] = unchecked((short)v[i]); break;
            case Narrowing.UInt16: for (int i = 0; i < v.Length; i++) v[i] = unchecked((ushort)v[i]); break;
            case Narrowing.Int32: for (int i = 0; i < v.Length; i++) v[i] = unchecked((int)v[i]); break;
            case Narrowing.UInt32: for (int i = 0; i < v.Length; i++) v[i] = unchecked((uint)v[i]); break;
        }
    }

    /// <summary>The engine type and value narrowing for an ONNX TensorProto.DataType code, or null if unsupported.</summary>
    private protected static (DataType Type, Narrowing Narrowing)? OnnxTarget(long code) => code switch
    {
        1 or 11 => (DataType.Float32, Narrowing.None),        // FLOAT, DOUBLE
        10 => (DataType.Float32, Narrowing.Float16),
        16 => (DataType.Float32, Narrowing.BFloat16),
        2 => (DataType.Int64, Narrowing.UInt8),
        3 => (DataType.Int64, Narrowing.Int8),
        4 => (DataType.Int64, Narrowing.UInt16),
        5 => (DataType.Int64, Narrowing.Int16),
        6 => (DataType.Int64, Narrowing.Int32),
        12 => (DataType.Int64, Narrowing.UInt32),
        7 or 13 => (DataType.Int64, Narrowing.None),           // INT64, UINT64
        9 => (DataType.Bool, Narrowing.None),
        _ => null,                                             // string, complex, float8/4, int4
    };

    private protected enum Narrowing { None, Float16, BFloat16, Int8, UInt8, Int16, UInt16, Int32, UInt32 }
}

/// <summary>Cast (attribute <c>to</c>: an ONNX TensorProto.DataType code).</summary>
internal sealed class Cast : CastOperator
{
    private readonly DataType _target;
    private readonly Narrowing _narrowing;
    private readonly bool _toDouble;

    public Cast(Node node) : base(node)
    {
        long to = node.Attributes.GetInt("to");
        (_target, _narrowing) = OnnxTarget(to) ?? throw Error($"casting to ONNX type {to} is not supported (float, integer and bool types are).");
        _toDouble = to == 11;
    }

    private protected override Narrowing Narrow => _narrowing;

    public override void Infer(InferContext ctx)
    {
        // DOUBLE lands in float32: exact for float inputs, but large integers would be rounded.
        if (_toDouble && ctx.Input(0).Type == DataType.Int64)
            throw Error("casting integers to DOUBLE would round them to float32 (float64 is not supported).");
        base.Infer(ctx);
    }

    protected override DataType Target(InferContext ctx) => _target;
}

/// <summary>CastLike (opset 15): cast input 0 to input 1's engine type (the narrow ONNX type is not known here, so no narrowing).</summary>
internal sealed class CastLike(Node node) : CastOperator(node)
{
    protected override DataType Target(InferContext ctx) => ctx.Input(1).Type;
}
