using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// Trilu (opset 14): keeps the upper (upper=1, the default: column − row ≥ k) or lower
/// (column − row ≤ k) triangle of each matrix in the last two dims and zeroes the rest; k is
/// the optional scalar input 1 (default 0). Any element type. The gradient is g masked alike.
/// </summary>
public sealed class Trilu(Node node) : Operator(node)
{
    private readonly bool _upper = node.Attributes.GetInt("upper", 1) != 0;

    // Backward reads only k, but k may come from the data: inputs are kept.
    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Rank < 2) throw Error($"input is {x}; Trilu needs at least 2 dims.");
        if (ctx.Constant(1) is { } k) K(k);
        ctx.SetOutput(0, x.Type, x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        Tensor x = ctx.Input(0), y = ctx.Output(0);
        long k = ctx.OptionalInput(1) is { } kt ? K(kt) : 0;
        switch (x.Type)
        {
            case DataType.Float32: Mask(x.Floats, y.Floats, x.Shape, k); break;
            case DataType.Int64: Mask(x.Longs, y.Longs, x.Shape, k); break;
            default: Mask(x.Bools, y.Bools, x.Shape, k); break;
        }
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var dx = Tensor.Zeros(shape);
        if (ctx.OutputGrad(0) is { } g) Mask(g.Floats, dx.Floats, shape, ctx.OptionalInput(1) is { } kt ? K(kt) : 0);
        ctx.SetInputGrad(0, dx);
    }

    private void Mask<T>(ReadOnlySpan<T> x, Span<T> y, int[] shape, long k)
    {
        int rows = shape[^2], cols = shape[^1], plane = rows * cols;
        for (int p = 0; p < x.Length; p += plane)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    int i = p + r * cols + c;
                    long d = (long)c - r;
                    y[i] = (_upper ? d >= k : d <= k) ? x[i] : default!;
                }
    }

    private long K(Tensor k)
    {
        if (k.Length != 1 || k.Type != DataType.Int64) throw Error($"k is {k}, expected one integer.");
        return k.Longs[0];
    }
}
