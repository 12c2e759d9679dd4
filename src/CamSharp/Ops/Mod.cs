using System.Numerics;
using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>C's fmod: the remainder of truncated division, with the dividend's sign.</summary>
public readonly struct TruncatedModKernel<T> : IBinaryKernel<T, T> where T : unmanaged, INumber<T>
{
    public static void Apply(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = Rem(x[i], y[i]);
    }

    public static void Apply(ReadOnlySpan<T> x, T y, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = Rem(x[i], y);
    }

    public static void Apply(T x, ReadOnlySpan<T> y, Span<T> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = Rem(x, y[i]);
    }

    // An integer x % −1 is 0, and must not trap on long.MinValue.
    internal static T Rem(T a, T b) => typeof(T) == typeof(long) && b == -T.One ? T.Zero : a % b;
}

/// <summary>Python's %: the remainder of floored division, with the divisor's sign (integers).</summary>
public readonly struct FlooredModKernel : IBinaryKernel<long, long>
{
    public static void Apply(ReadOnlySpan<long> x, ReadOnlySpan<long> y, Span<long> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = Rem(x[i], y[i]);
    }

    public static void Apply(ReadOnlySpan<long> x, long y, Span<long> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = Rem(x[i], y);
    }

    public static void Apply(long x, ReadOnlySpan<long> y, Span<long> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = Rem(x, y[i]);
    }

    private static long Rem(long a, long b)
    {
        long r = TruncatedModKernel<long>.Rem(a, b);
        return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }
}

/// <summary>
/// Mod with NumPy broadcasting. fmod=0 (the default) is integer-only and gives the divisor's
/// sign (Python's %); fmod=1 is C's fmod, the dividend's sign, for integers and floats. Float
/// gradients (fmod=1): d/da = g, d/db = −g · trunc(a/b). An integer zero divisor is an error.
/// </summary>
public sealed class Mod : Operator
{
    private readonly bool _fmod;

    public Mod(Node node) : base(node)
    {
        long fmod = node.Attributes.GetInt("fmod", 0);
        if (fmod is not (0 or 1)) throw Error($"fmod is {fmod}, expected 0 or 1.");
        _fmod = fmod == 1;
    }

    public override void Infer(InferContext ctx)
    {
        var type = Elementwise.SameType(this, ctx, 0, 2);
        Elementwise.RequireType(this, type, "input", DataType.Float32, DataType.Int64);
        if (type == DataType.Float32 && !_fmod) throw Error("floating-point inputs need fmod=1, as the spec says.");
        ctx.SetOutput(0, type, Elementwise.BroadcastShape(this, ctx, 0, 2));
    }

    public override void Forward(ForwardContext ctx)
    {
        Tensor a = ctx.Input(0), b = ctx.Input(1), y = ctx.Output(0);
        if (y.Type == DataType.Float32)
        {
            Broadcasting.Apply<TruncatedModKernel<float>, float, float>(a, b, y);
            return;
        }
        if (b.Longs.Contains(0L)) throw Error("integer modulo by zero.");
        if (_fmod) Broadcasting.Apply<TruncatedModKernel<long>, long, long>(a, b, y);
        else Broadcasting.Apply<FlooredModKernel, long, long>(a, b, y);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.OutputGrad(0) is not { } g)
        {
            Elementwise.SetZeroGrads(ctx);
            return;
        }
        if (ctx.NeedsInputGrad(0)) ctx.SetInputGrad(0, Broadcasting.SumTo(g, ctx.InputInfo(0).Shape));
        if (ctx.NeedsInputGrad(1))
        {
            var full = Tensor.Uninitialized(DataType.Float32, g.Shape);
            Broadcasting.Divide(ctx.Input(0), ctx.Input(1), full);
            TensorPrimitives.Truncate(full.Floats, full.Floats);
            TensorPrimitives.Multiply(full.Floats, g.Floats, full.Floats);
            TensorPrimitives.Negate(full.Floats, full.Floats);
            ctx.SetInputGrad(1, Elementwise.ReduceTo(full, ctx.InputInfo(1).Shape));
        }
    }
}
