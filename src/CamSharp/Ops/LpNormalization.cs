using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// LpNormalization: x divided by its L1 or L2 norm (p 2 by default) along <c>axis</c>
/// (default −1). A zero vector stays zero (PyTorch's normalize, rather than 0/0).
/// With y = x / n: dx = (g − s · (g · y)) / n, s = y for p = 2 and sign(x) for p = 1.
/// </summary>
public sealed class LpNormalization : Operator
{
    private readonly long _axis;
    private readonly int _p;

    public LpNormalization(Node node) : base(node)
    {
        _axis = node.Attributes.GetInt("axis", -1);
        long p = node.Attributes.GetInt("p", 2);
        if (p is not (1 or 2)) throw Error($"p is {p}, expected 1 or 2.");
        _p = (int)p;
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32) throw Error($"input is {x}, expected Float32.");
        AxisLayout.Resolve(this, _axis, x.Shape);
        ctx.SetOutput(0, DataType.Float32, x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0).Floats;
        var y = ctx.Output(0).Floats;
        var (outer, count, stride) = Lines(ctx.Input(0).Shape);
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < stride; j++)
            {
                int start = o * count * stride + j;
                float inv = InverseNorm(x, start, count, stride);
                for (int k = 0, i = start; k < count; k++, i += stride) y[i] = x[i] * inv;
            }
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs | BackwardNeeds.Outputs;

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var xt = ctx.Input(0);
        var dx = Tensor.Zeros(xt.Shape);
        if (ctx.OutputGrad(0) is { } gt)
        {
            ReadOnlySpan<float> x = xt.Floats, y = ctx.Output(0).Floats, g = gt.Floats;
            var d = dx.Floats;
            var (outer, count, stride) = Lines(xt.Shape);
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < stride; j++)
                {
                    int start = o * count * stride + j;
                    float inv = InverseNorm(x, start, count, stride);
                    double gy = 0;
                    for (int k = 0, i = start; k < count; k++, i += stride) gy += (double)g[i] * y[i];
                    for (int k = 0, i = start; k < count; k++, i += stride)
                        d[i] = inv * (g[i] - (float)gy * (_p == 2 ? y[i] : MathF.Sign(x[i])));
                }
        }
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>1 / ‖line‖_p, or 0 for a zero line.</summary>
    private float InverseNorm(ReadOnlySpan<float> x, int start, int count, int stride)
    {
        double sum = 0;
        for (int k = 0, i = start; k < count; k++, i += stride) sum += _p == 2 ? (double)x[i] * x[i] : Math.Abs(x[i]);
        double norm = _p == 2 ? Math.Sqrt(sum) : sum;
        return norm == 0 ? 0f : (float)(1 / norm);
    }

    /// <summary>(outer, count, inner): lines of <c>count</c> elements <c>inner</c> apart.</summary>
    private (int Outer, int Count, int Inner) Lines(int[] shape) => AxisLayout.Split(shape, AxisLayout.Resolve(this, _axis, shape));
}
