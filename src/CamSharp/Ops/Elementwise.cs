using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>Float elementwise map over a block: <paramref name="y"/> = f(<paramref name="x"/>).</summary>
internal delegate void SpanMap(ReadOnlySpan<float> x, Span<float> y);

/// <summary>Float elementwise gradient over a block: <paramref name="dx"/> = <paramref name="g"/> · f′(<paramref name="saved"/>).</summary>
internal delegate void SpanGrad(ReadOnlySpan<float> g, ReadOnlySpan<float> saved, Span<float> dx);

/// <summary>Helpers shared by the elementwise operators.</summary>
internal static class Elementwise
{
    /// <summary>
    /// Block size for multi-pass kernels: small enough that a block and a couple of
    /// temporaries stay in L1/L2 between passes.
    /// </summary>
    public const int Block = 2048;

    /// <summary>d = x · scale + bias (TensorPrimitives has no span·scalar + scalar form).</summary>
    public static void Affine(ReadOnlySpan<float> x, float scale, float bias, Span<float> d)
    {
        TensorPrimitives.Multiply(x, scale, d);
        TensorPrimitives.Add(d, bias, d);
    }

    /// <summary>Applies <paramref name="map"/> to x → y block by block, in parallel for large tensors.</summary>
    public static void Map(Tensor x, Tensor y, SpanMap map) =>
        ParallelChunks.For(x.Length, (start, count) =>
        {
            for (int s = start, end = start + count; s < end; s += Block)
            {
                int n = Math.Min(Block, end - s);
                map(x.Floats.Slice(s, n), y.Floats.Slice(s, n));
            }
        });

    /// <summary>Applies <paramref name="grad"/> to (g, saved) → dx block by block, in parallel for large tensors.</summary>
    public static void Zip(Tensor g, Tensor saved, Tensor dx, SpanGrad grad) =>
        ParallelChunks.For(dx.Length, (start, count) =>
        {
            for (int s = start, end = start + count; s < end; s += Block)
            {
                int n = Math.Min(Block, end - s);
                grad(g.Floats.Slice(s, n), saved.Floats.Slice(s, n), dx.Floats.Slice(s, n));
            }
        });

    /// <summary>
    /// The gradient of an input of <paramref name="shape"/> from a full-size gradient that this
    /// call takes over: returned as is when the shapes match, else summed down (and disposed).
    /// </summary>
    public static Tensor ReduceTo(Tensor full, int[] shape)
    {
        if (ShapeUtil.Equal(full.Shape, shape)) return full;
        var reduced = Broadcasting.SumTo(full, shape);
        full.Dispose();
        return reduced;
    }

    /// <summary>Zero gradients for every requested input (the output gradient was zero).</summary>
    public static void SetZeroGrads(BackwardContext ctx)
    {
        for (int i = 0; i < ctx.InputCount; i++)
            if (ctx.NeedsInputGrad(i)) ctx.SetInputGrad(i, Tensor.Zeros(DataType.Float32, ctx.InputInfo(i).Shape));
    }

    /// <summary>A fresh copy of a float tensor, in parallel for large ones.</summary>
    public static Tensor Copy(Tensor g)
    {
        var r = Tensor.Uninitialized(g.Type, g.Shape);
        if (g.Type == DataType.Float32)
            ParallelChunks.For(g.Length, (s, n) => g.Floats.Slice(s, n).CopyTo(r.Floats.Slice(s, n)));
        else
            CopyAny(g, r);
        return r;
    }

    /// <summary>Copies every element of <paramref name="from"/> into <paramref name="to"/> (same type and size).</summary>
    public static void CopyAny(Tensor from, Tensor to)
    {
        switch (from.Type)
        {
            case DataType.Float32: from.Floats.CopyTo(to.Floats); break;
            case DataType.Int64: from.Longs.CopyTo(to.Longs); break;
            default: from.Bools.CopyTo(to.Bools); break;
        }
    }

    /// <summary>The broadcast shape of the given inputs, or a <see cref="ModelException"/> naming the node and the shapes.</summary>
    public static int[] BroadcastShape(Operator op, InferContext ctx, int first = 0, int count = -1)
    {
        if (count < 0) count = ctx.InputCount - first;
        int[] shape = ctx.Shape(first);
        for (int i = first + 1; i < first + count; i++)
            shape = ShapeUtil.TryBroadcast(shape, ctx.Shape(i))
                ?? throw new ModelException($"{op.Node}: input {i} shape [{ShapeUtil.Format(ctx.Shape(i))}] does not broadcast with [{ShapeUtil.Format(shape)}].");
        return shape;
    }

    /// <summary>Checks that inputs [first, first + count) share one type, and returns it.</summary>
    public static DataType SameType(Operator op, InferContext ctx, int first = 0, int count = -1)
    {
        if (count < 0) count = ctx.InputCount - first;
        var type = ctx.Input(first).Type;
        for (int i = first + 1; i < first + count; i++)
            if (ctx.Input(i).Type != type)
                throw new ModelException($"{op.Node}: input {i} is {ctx.Input(i).Type}, expected {type} like input {first}.");
        return type;
    }

    /// <summary>Throws unless <paramref name="type"/> is among <paramref name="allowed"/>.</summary>
    public static void RequireType(Operator op, DataType type, string what, params DataType[] allowed)
    {
        if (Array.IndexOf(allowed, type) < 0)
            throw new ModelException($"{op.Node}: {what} is {type}, expected {string.Join(" or ", allowed)}.");
    }
}
