using System.Numerics;
using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>A comparison of two elements.</summary>
internal interface IElementTest<T>
{
    static abstract bool Test(T a, T b);
}

/// <summary>Runs an <see cref="IElementTest{T}"/> over runs, writing bools. Scalar loops: comparisons
/// feed masks and shape logic, never the heavy layers.</summary>
internal readonly struct CompareKernel<TTest, T> : IBinaryKernel<T, bool>
    where TTest : IElementTest<T>
    where T : unmanaged
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<bool> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TTest.Test(x[i], y[i]);
    }

    public static void Apply(ReadOnlySpan<T> x, T y, Span<bool> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TTest.Test(x[i], y);
    }

    public static void Apply(T x, ReadOnlySpan<T> y, Span<bool> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = TTest.Test(x, y[i]);
    }
}

internal readonly struct EqualTest<T> : IElementTest<T> where T : IEqualityOperators<T, T, bool>
{
    public static bool Test(T a, T b) => a == b;
}

internal readonly struct GreaterTest<T> : IElementTest<T> where T : IComparisonOperators<T, T, bool>
{
    public static bool Test(T a, T b) => a > b;
}

internal readonly struct LessTest<T> : IElementTest<T> where T : IComparisonOperators<T, T, bool>
{
    public static bool Test(T a, T b) => a < b;
}

internal readonly struct GreaterOrEqualTest<T> : IElementTest<T> where T : IComparisonOperators<T, T, bool>
{
    public static bool Test(T a, T b) => a >= b;
}

internal readonly struct LessOrEqualTest<T> : IElementTest<T> where T : IComparisonOperators<T, T, bool>
{
    public static bool Test(T a, T b) => a <= b;
}

/// <summary>
/// A comparison with NumPy broadcasting giving bools; NaN compares false (unequal to
/// itself). Gradients do not flow through a bool output.
/// </summary>
internal abstract class ComparisonOperator(Node node) : Operator(node)
{
    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    /// <summary>Whether bool inputs are allowed (Equal only).</summary>
    protected virtual bool AcceptsBool => false;

    public override void Infer(InferContext ctx)
    {
        var type = Elementwise.SameType(this, ctx, 0, 2);
        if (AcceptsBool) Elementwise.RequireType(this, type, "input", DataType.Float32, DataType.Int64, DataType.Bool);
        else Elementwise.RequireType(this, type, "input", DataType.Float32, DataType.Int64);
        ctx.SetOutput(0, DataType.Bool, Elementwise.BroadcastShape(this, ctx, 0, 2));
    }

    /// <summary>Runs an ordering test on float or int64 inputs.</summary>
    protected static void Ordered<TFloat, TLong>(ForwardContext ctx)
        where TFloat : IElementTest<float>
        where TLong : IElementTest<long>
    {
        Tensor a = ctx.Input(0), b = ctx.Input(1), y = ctx.Output(0);
        if (a.Type == DataType.Int64) Broadcasting.Apply<CompareKernel<TLong, long>, long, bool>(a, b, y);
        else Broadcasting.Apply<CompareKernel<TFloat, float>, float, bool>(a, b, y);
    }
}

internal sealed class Equal(Node node) : ComparisonOperator(node)
{
    protected override bool AcceptsBool => true;

    public override void Forward(ForwardContext ctx)
    {
        Tensor a = ctx.Input(0), b = ctx.Input(1), y = ctx.Output(0);
        switch (a.Type)
        {
            case DataType.Float32: Broadcasting.Apply<CompareKernel<EqualTest<float>, float>, float, bool>(a, b, y); break;
            case DataType.Int64: Broadcasting.Apply<CompareKernel<EqualTest<long>, long>, long, bool>(a, b, y); break;
            default: Broadcasting.Apply<CompareKernel<EqualTest<byte>, byte>, byte, bool>(a, b, y); break;
        }
    }
}

internal sealed class Greater(Node node) : ComparisonOperator(node)
{
    public override void Forward(ForwardContext ctx) => Ordered<GreaterTest<float>, GreaterTest<long>>(ctx);
}

internal sealed class Less(Node node) : ComparisonOperator(node)
{
    public override void Forward(ForwardContext ctx) => Ordered<LessTest<float>, LessTest<long>>(ctx);
}

internal sealed class GreaterOrEqual(Node node) : ComparisonOperator(node)
{
    public override void Forward(ForwardContext ctx) => Ordered<GreaterOrEqualTest<float>, GreaterOrEqualTest<long>>(ctx);
}

internal sealed class LessOrEqual(Node node) : ComparisonOperator(node)
{
    public override void Forward(ForwardContext ctx) => Ordered<LessOrEqualTest<float>, LessOrEqualTest<long>>(ctx);
}
