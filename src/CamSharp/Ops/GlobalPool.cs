using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using CamSharp.Tensors.Kernels;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>Shapes shared by the global pools: (N, C, spatial...) to (N, C, 1, ...).</summary>
internal static class GlobalPoolShape
{
    public static int[] Infer(Operator op, InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32 || x.Rank < 2)
            throw new ModelException($"{op.Node}: input is {x}, expected Float32 with dims (N, C, spatial...).");
        var shape = new int[x.Rank];
        shape[0] = x.Shape[0];
        shape[1] = x.Shape[1];
        for (int i = 2; i < shape.Length; i++) shape[i] = 1;
        return shape;
    }

    /// <summary>Number of (n, c) planes and elements per plane.</summary>
    public static (int Planes, int Plane) Split(int[] shape) =>
        (shape[0] * shape[1], ShapeUtil.Size(shape.AsSpan(2)));
}

/// <summary>ONNX GlobalAveragePool: the mean of each (n, c) plane.</summary>
internal sealed class GlobalAveragePool(Node node) : Operator(node)
{
    public override void Infer(InferContext ctx) => ctx.SetOutput(0, DataType.Float32, GlobalPoolShape.Infer(this, ctx));

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        var (planes, size) = GlobalPoolShape.Split(x.Shape);
        // Chunks of planes, each taking its spans once: a batch of 8 × 1280 planes of 7×7 is 10240 short sums.
        CoarseParallel.ForChunks(planes, size, (p0, p1) => Means(x.Floats, size, y.Floats, p0, p1));
    }

    /// <summary>y[p] = mean of plane p, for planes [p0, p1) of <paramref name="size"/> values (NaN when empty).</summary>
    private static void Means(ReadOnlySpan<float> x, int size, Span<float> y, int p0, int p1)
    {
        for (int p = p0; p < p1; p++)
            y[p] = size == 0 ? float.NaN : TensorPrimitives.Sum(x.Slice(p * size, size)) / size;
    }

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var (planes, size) = GlobalPoolShape.Split(shape);
        var dx = Tensor.Uninitialized(DataType.Float32, shape);
        var dy = ctx.OutputGrad(0);
        for (int p = 0; p < planes; p++)
            dx.Floats.Slice(p * size, size).Fill(dy is null ? 0f : dy.Floats[p] / size);
        ctx.SetInputGrad(0, dx);
    }
}

/// <summary>ONNX GlobalMaxPool: the maximum of each (n, c) plane; the gradient goes to the first maximum.</summary>
internal sealed class GlobalMaxPool(Node node) : Operator(node)
{
    public override void Infer(InferContext ctx) => ctx.SetOutput(0, DataType.Float32, GlobalPoolShape.Infer(this, ctx));

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        var (planes, size) = GlobalPoolShape.Split(x.Shape);
        if (size == 0) throw Error($"input {ShapeUtil.Format(x.Shape)} has empty planes: no maximum.");
        PlaneParallel.For(planes, size, p => y.Floats[p] = TensorPrimitives.Max<float>(x.Floats.Slice(p * size, size)));
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var x = ctx.Input(0);
        var (planes, size) = GlobalPoolShape.Split(x.Shape);
        var dx = Tensor.Zeros(x.Shape);
        if (ctx.OutputGrad(0) is { } dy)
        {
            for (int p = 0; p < planes; p++)
                dx.Floats[p * size + FirstMax(x.Floats.Slice(p * size, size))] = dy.Floats[p];
        }
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>Index of the first maximum (a NaN counts as the maximum), as PyTorch picks it.</summary>
    internal static int FirstMax(ReadOnlySpan<float> values)
    {
        int at = 0;
        float max = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            float v = values[i];
            if (v > max || (float.IsNaN(v) && !float.IsNaN(max)))
            {
                max = v;
                at = i;
            }
        }
        return at;
    }
}
