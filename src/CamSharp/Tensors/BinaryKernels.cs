using System.Numerics;
using System.Numerics.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Tensors;

/// <summary>
/// One elementwise binary operation over a run, in the three shapes a broadcast walk meets:
/// slice ⊕ slice, slice ⊕ scalar, scalar ⊕ slice. Implementations are structs so the JIT
/// specialises <see cref="Broadcasting.Apply{TKernel, T, TOut}"/> for each.
/// </summary>
public interface IBinaryKernel<T, TOut>
    where T : unmanaged
    where TOut : unmanaged
{
    static abstract void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<TOut> d);
    static abstract void Apply(ReadOnlySpan<T> x, T y, Span<TOut> d);
    static abstract void Apply(T x, ReadOnlySpan<T> y, Span<TOut> d);
}

public readonly struct AddKernel<T> : IBinaryKernel<T, T> where T : unmanaged, INumber<T>
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Add(x, y, d);
    public static void Apply(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Add(x, y, d);
    public static void Apply(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Add(y, x, d);
}

public readonly struct SubtractKernel<T> : IBinaryKernel<T, T> where T : unmanaged, INumber<T>
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Apply(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
    public static void Apply(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Subtract(x, y, d);
}

public readonly struct MultiplyKernel<T> : IBinaryKernel<T, T> where T : unmanaged, INumber<T>
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Apply(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Multiply(x, y, d);
    public static void Apply(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Multiply(y, x, d);
}

/// <summary>Division; for integers it truncates toward zero (C semantics, as ONNX specifies).</summary>
public readonly struct DivideKernel<T> : IBinaryKernel<T, T> where T : unmanaged, INumber<T>
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Divide(x, y, d);
    public static void Apply(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Divide(x, y, d);
    public static void Apply(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Divide(x, y, d);
}

/// <summary>Maximum; NaN wins, as in NumPy's maximum.</summary>
public readonly struct MaxKernel<T> : IBinaryKernel<T, T> where T : unmanaged, INumber<T>
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Max(x, y, d);
    public static void Apply(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Max(x, y, d);
    public static void Apply(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Max(y, x, d);
}

/// <summary>Minimum; NaN wins, as in NumPy's minimum.</summary>
public readonly struct MinKernel<T> : IBinaryKernel<T, T> where T : unmanaged, INumber<T>
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Min(x, y, d);
    public static void Apply(ReadOnlySpan<T> x, T y, Span<T> d) => TensorPrimitives.Min(x, y, d);
    public static void Apply(T x, ReadOnlySpan<T> y, Span<T> d) => TensorPrimitives.Min(y, x, d);
}

/// <summary>Floating-point power.</summary>
public readonly struct PowKernel : IBinaryKernel<float, float>
{
    public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Pow(x, y, d);
    public static void Apply(ReadOnlySpan<float> x, float y, Span<float> d) => TensorPrimitives.Pow(x, y, d);
    public static void Apply(float x, ReadOnlySpan<float> y, Span<float> d) => TensorPrimitives.Pow(x, y, d);
}

/// <summary>Bitwise and on bytes: logical And on bool tensors viewed as bytes (0/1).</summary>
public readonly struct BitAndKernel : IBinaryKernel<byte, byte>
{
    public static void Apply(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, Span<byte> d) => TensorPrimitives.BitwiseAnd(x, y, d);
    public static void Apply(ReadOnlySpan<byte> x, byte y, Span<byte> d) => TensorPrimitives.BitwiseAnd(x, y, d);
    public static void Apply(byte x, ReadOnlySpan<byte> y, Span<byte> d) => TensorPrimitives.BitwiseAnd(y, x, d);
}

/// <summary>Bitwise or on bytes: logical Or on bool tensors viewed as bytes.</summary>
public readonly struct BitOrKernel : IBinaryKernel<byte, byte>
{
    public static void Apply(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, Span<byte> d) => TensorPrimitives.BitwiseOr(x, y, d);
    public static void Apply(ReadOnlySpan<byte> x, byte y, Span<byte> d) => TensorPrimitives.BitwiseOr(x, y, d);
    public static void Apply(byte x, ReadOnlySpan<byte> y, Span<byte> d) => TensorPrimitives.BitwiseOr(y, x, d);
}

/// <summary>Bitwise xor on bytes: logical Xor on bool tensors viewed as bytes.</summary>
public readonly struct BitXorKernel : IBinaryKernel<byte, byte>
{
    public static void Apply(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y, Span<byte> d) => TensorPrimitives.Xor(x, y, d);
    public static void Apply(ReadOnlySpan<byte> x, byte y, Span<byte> d) => TensorPrimitives.Xor(x, y, d);
    public static void Apply(byte x, ReadOnlySpan<byte> y, Span<byte> d) => TensorPrimitives.Xor(y, x, d);
}
