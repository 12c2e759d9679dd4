using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Tensors;

/// <summary>
/// NumPy multidirectional broadcasting: binary elementwise loops, broadcast copies, and the
/// reverse of broadcasting for gradients (<see cref="SumTo"/>). Work is split into
/// contiguous runs (see <see cref="BroadcastPlan"/>) handed to vectorised kernels, in
/// parallel for large outputs.
/// </summary>
public static class Broadcasting
{
    /// <summary>
    /// <paramref name="output"/> = op(<paramref name="a"/>, <paramref name="b"/>) elementwise,
    /// where both inputs broadcast to the output's shape (which may be larger than their own
    /// broadcast). <paramref name="output"/> may be <paramref name="a"/> itself when they have
    /// the same shape. Bool tensors are read as bytes (0/1) when <typeparamref name="T"/> is byte.
    /// </summary>
    public static void Apply<TKernel, T, TOut>(Tensor a, Tensor b, Tensor output)
        where TKernel : IBinaryKernel<T, TOut>
        where T : unmanaged
        where TOut : unmanaged
    {
        var plan = BroadcastPlan.Create(output.Shape, a.Shape, b.Shape);
        bool fa = plan.InnerContiguous(0), fb = plan.InnerContiguous(1);
        plan.ForEachRun((pos, len, off) =>
        {
            ReadOnlySpan<T> x = ElementsOf<T>(a), y = ElementsOf<T>(b);
            var d = ElementsOf<TOut>(output).Slice(pos, len);
            if (fa && fb) TKernel.Apply(x.Slice(off[0], len), y.Slice(off[1], len), d);
            else if (fa) TKernel.Apply(x.Slice(off[0], len), y[off[1]], d);
            else if (fb) TKernel.Apply(x[off[0]], y.Slice(off[1], len), d);
            else
            {
                // Both constant along the run (the output is larger than both inputs).
                TKernel.Apply(x.Slice(off[0], 1), y.Slice(off[1], 1), d[..1]);
                d.Fill(d[0]);
            }
        });
    }

    /// <summary>Elementwise a + b into output (float or int64).</summary>
    public static void Add(Tensor a, Tensor b, Tensor output)
    {
        if (output.Type == DataType.Int64) Apply<AddKernel<long>, long, long>(a, b, output);
        else Apply<AddKernel<float>, float, float>(a, b, output);
    }

    /// <summary>Elementwise a − b into output (float or int64).</summary>
    public static void Subtract(Tensor a, Tensor b, Tensor output)
    {
        if (output.Type == DataType.Int64) Apply<SubtractKernel<long>, long, long>(a, b, output);
        else Apply<SubtractKernel<float>, float, float>(a, b, output);
    }

    /// <summary>Elementwise a · b into output (float or int64).</summary>
    public static void Multiply(Tensor a, Tensor b, Tensor output)
    {
        if (output.Type == DataType.Int64) Apply<MultiplyKernel<long>, long, long>(a, b, output);
        else Apply<MultiplyKernel<float>, float, float>(a, b, output);
    }

    /// <summary>Elementwise a / b into output (float, or int64 truncating toward zero; an integer zero divisor throws).</summary>
    public static void Divide(Tensor a, Tensor b, Tensor output)
    {
        if (output.Type == DataType.Int64) Apply<DivideKernel<long>, long, long>(a, b, output);
        else Apply<DivideKernel<float>, float, float>(a, b, output);
    }

    /// <summary>A new tensor of <paramref name="shape"/> (a broadcast target of x's shape) holding x broadcast to it.</summary>
    public static Tensor Expand(Tensor x, int[] shape)
    {
        var result = Tensor.Uninitialized(x.Type, shape);
        Expand(x, result);
        return result;
    }

    /// <summary>Writes x broadcast to <paramref name="output"/>'s shape into <paramref name="output"/> (same type).</summary>
    public static void Expand(Tensor x, Tensor output)
    {
        if (x.Type != output.Type) throw new ArgumentException($"Cannot expand {x.Type} into {output.Type}.");
        switch (x.Type)
        {
            case DataType.Float32: ExpandInto<float>(x, output); break;
            case DataType.Int64: ExpandInto<long>(x, output); break;
            default: ExpandInto<bool>(x, output); break;
        }
    }

    /// <summary>
    /// The gradient of a broadcast: sums a float <paramref name="grad"/> (of the broadcast shape)
    /// over every dimension that <paramref name="shape"/> broadcast along, giving a new tensor
    /// of <paramref name="shape"/>. Always a new tensor, even when the shapes are equal.
    /// </summary>
    public static Tensor SumTo(Tensor grad, int[] shape)
    {
        if (ShapeUtil.Equal(grad.Shape, shape)) return grad.Clone();
        var result = Tensor.Zeros(DataType.Float32, shape);
        var plan = BroadcastPlan.Create(grad.Shape, shape);
        int chunks = ParallelChunks.ChunkCount(grad.Length);
        if (chunks <= 1 || (long)result.Length * chunks > grad.Length)
        {
            // Large targets: few repeats, so a single pass is about as fast as memory allows.
            plan.VisitRuns(0, grad.Length, Accumulate(plan, grad, result));
            return result;
        }
        // Small targets (bias-like): each chunk sums into its own partial, then partials are added.
        var partials = new Tensor[chunks];
        ParallelChunks.For(grad.Length, chunks, (c, start, count) =>
        {
            partials[c] = Tensor.Zeros(DataType.Float32, shape);
            plan.VisitRuns(start, count, Accumulate(plan, grad, partials[c]));
        });
        foreach (var p in partials)
        {
            if (p is null) continue;
            TensorPrimitives.Add(result.Floats, p.Floats, result.Floats);
            p.Dispose();
        }
        return result;
    }

    /// <summary>
    /// The elements of a tensor as a span of <typeparamref name="T"/> (float, long, bool, or
    /// byte over a bool tensor); throws when the tensor holds another type.
    /// </summary>
    public static Span<T> ElementsOf<T>(Tensor t) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return MemoryMarshal.Cast<float, T>(t.Floats);
        if (typeof(T) == typeof(long)) return MemoryMarshal.Cast<long, T>(t.Longs);
        if (typeof(T) == typeof(bool) || typeof(T) == typeof(byte)) return MemoryMarshal.Cast<bool, T>(t.Bools);
        throw new NotSupportedException($"No tensor element type for {typeof(T).Name}.");
    }

    private static RunAction Accumulate(BroadcastPlan plan, Tensor grad, Tensor target)
    {
        bool full = plan.InnerContiguous(0);
        return (pos, len, off) =>
        {
            var g = grad.Floats.Slice(pos, len);
            var r = target.Floats;
            if (full) TensorPrimitives.Add(r.Slice(off[0], len), g, r.Slice(off[0], len));
            else r[off[0]] += TensorPrimitives.Sum(g);
        };
    }

    private static void ExpandInto<T>(Tensor x, Tensor result) where T : unmanaged
    {
        var plan = BroadcastPlan.Create(result.Shape, x.Shape);
        bool full = plan.InnerContiguous(0);
        plan.ForEachRun((pos, len, off) =>
        {
            var src = ElementsOf<T>(x);
            var dst = ElementsOf<T>(result).Slice(pos, len);
            if (full) src.Slice(off[0], len).CopyTo(dst);
            else dst.Fill(src[off[0]]);
        });
    }
}
