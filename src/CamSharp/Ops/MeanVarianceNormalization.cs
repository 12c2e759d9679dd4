using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// MeanVarianceNormalization: y = (x − E[x]) / (√(E[x²] − E[x]²) + 1e-9), the statistics taken
/// over <c>axes</c> (default [0, 2, 3]: per channel of an NCHW tensor). The 1e-9 sits outside
/// the root, as in the spec's function body. Gradient through mean and standard deviation.
/// </summary>
public sealed class MeanVarianceNormalization(Node node) : Operator(node)
{
    private const float Epsilon = 1e-9f;

    private readonly long[] _axes = node.Attributes.GetInts("axes") ?? [0, 2, 3];

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32) throw Error($"input is {x}, expected Float32.");
        Reduced(x.Shape);
        ctx.SetOutput(0, DataType.Float32, x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var (order, count) = Groups(x.Shape);
        var rows = GroupedReduce.Gather(x.Floats, order);
        for (int g = 0; g < rows.Length / Math.Max(count, 1); g++)
        {
            var row = rows.AsSpan(g * count, count);
            var (d, _) = Center(row);
            TensorPrimitives.Divide(row, d, row);
        }
        var y = ctx.Output(0).Floats;
        for (int p = 0; p < order.Length; p++) y[order[p]] = rows[p];
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var x = ctx.Input(0);
        if (ctx.OutputGrad(0) is not { } dy)
        {
            ctx.SetInputGrad(0, Tensor.Zeros(x.Shape));
            return;
        }
        var (order, count) = Groups(x.Shape);
        var rows = GroupedReduce.Gather(x.Floats, order);
        var grads = GroupedReduce.Gather(dy.Floats, order);
        for (int g = 0; g < rows.Length / Math.Max(count, 1); g++)
        {
            Span<float> xc = rows.AsSpan(g * count, count), gr = grads.AsSpan(g * count, count);
            var (d, std) = Center(xc);
            // y = xc / d with d = σ + ε:  dx = (g − mean g) / d − xc · Σ(g · xc) / (n σ d²).
            float dot = TensorPrimitives.Dot<float>(gr, xc), meanG = TensorPrimitives.Sum<float>(gr) / count;
            TensorPrimitives.Subtract(gr, meanG, gr);
            TensorPrimitives.Divide(gr, d, gr);
            if (std > 0) TensorPrimitives.MultiplyAdd(xc, -dot / (count * std * d * d), gr, gr);
        }
        var dx = Tensor.Uninitialized(DataType.Float32, x.Shape);
        for (int p = 0; p < order.Length; p++) dx.Floats[order[p]] = grads[p];
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>
    /// Subtracts the group's mean in place; returns the divisor σ + ε and σ, the biased standard
    /// deviation (E[(x − E[x])²], equal to the spec's E[x²] − E[x]² but without its cancellation).
    /// </summary>
    private static (float Divisor, float Std) Center(Span<float> row)
    {
        TensorPrimitives.Subtract(row, TensorPrimitives.Sum<float>(row) / row.Length, row);
        float std = MathF.Sqrt(TensorPrimitives.SumOfSquares<float>(row) / row.Length);
        return (std + Epsilon, std);
    }

    /// <summary>The input order of each group's elements (groups one after another) and the group size.</summary>
    private (int[] Order, int Count) Groups(int[] shape)
    {
        var reduced = Reduced(shape);
        var map = Reduce.IndexMap(shape, reduced);
        int count = 1;
        for (int d = 0; d < shape.Length; d++)
            if (reduced[d]) count *= shape[d];
        int groups = count == 0 ? 0 : map.Length / count;
        return (GroupedReduce.Order(map, count, groups), count);
    }

    private bool[] Reduced(int[] shape)
    {
        var reduced = new bool[shape.Length];
        foreach (long a in _axes) reduced[AxisLayout.Resolve(this, a, shape)] = true;
        return reduced;
    }
}
