using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// LpPool: y = (Σ |x|^p)^(1/p) over each window (p 2 by default), with MaxPool's geometry
/// attributes (kernel_shape, strides, pads, auto_pad; dilations and ceil_mode from opset 18).
/// Padding adds nothing to the sum. dx = g · sign(x) · |x|^(p−1) / y^(p−1) (0 where y is 0).
/// </summary>
public sealed class LpPool : Operator
{
    private readonly PoolAttributes _attrs;
    private readonly LpNorm _norm;

    public LpPool(Node node) : base(node)
    {
        _attrs = new PoolAttributes(node);
        _norm = LpNorm.FromAttribute(this, node);
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32) throw Error($"input is {x.Type}, expected Float32.");
        ctx.SetOutput(0, DataType.Float32, _attrs.Resolve(x.Shape).OutputShape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        var g = _attrs.Resolve(x.Shape);
        PlaneParallel.For(g.Planes, (long)g.OutPlane * g.KernelSize, p =>
        {
            ReadOnlySpan<float> xp = x.Floats.Slice(p * g.InPlane, g.InPlane);
            var yp = y.Floats.Slice(p * g.OutPlane, g.OutPlane);
            int o = 0;
            for (int od = 0; od < g.Out[0]; od++)
                for (int oh = 0; oh < g.Out[1]; oh++)
                    for (int ow = 0; ow < g.Out[2]; ow++)
                    {
                        double sum = 0;
                        var w = new PoolWindow(g, od, oh, ow);
                        for (int kd = w.D0; kd < w.D1; kd++)
                            for (int kh = w.H0; kh < w.H1; kh++)
                            {
                                int row = w.Row(kd, kh);
                                for (int kw = w.W0; kw < w.W1; kw++) sum += _norm.Power(xp[row + kw * w.Dw]);
                            }
                        yp[o++] = _norm.Root(sum);
                    }
        });
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs | BackwardNeeds.Outputs;

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var x = ctx.Input(0);
        var dx = Tensor.Zeros(x.Shape);
        if (ctx.OutputGrad(0) is { } dy)
        {
            var y = ctx.Output(0);
            var g = _attrs.Resolve(x.Shape);
            PlaneParallel.For(g.Planes, (long)g.OutPlane * g.KernelSize, p =>
            {
                ReadOnlySpan<float> xp = x.Floats.Slice(p * g.InPlane, g.InPlane);
                ReadOnlySpan<float> yp = y.Floats.Slice(p * g.OutPlane, g.OutPlane), dyp = dy.Floats.Slice(p * g.OutPlane, g.OutPlane);
                var dxp = dx.Floats.Slice(p * g.InPlane, g.InPlane);
                int o = 0;
                for (int od = 0; od < g.Out[0]; od++)
                    for (int oh = 0; oh < g.Out[1]; oh++)
                        for (int ow = 0; ow < g.Out[2]; ow++, o++)
                        {
                            var w = new PoolWindow(g, od, oh, ow);
                            for (int kd = w.D0; kd < w.D1; kd++)
                                for (int kh = w.H0; kh < w.H1; kh++)
                                {
                                    int row = w.Row(kd, kh);
                                    for (int kw = w.W0; kw < w.W1; kw++)
                                    {
                                        int i = row + kw * w.Dw;
                                        dxp[i] += dyp[o] * _norm.Derivative(xp[i], yp[o]);
                                    }
                                }
                        }
            });
        }
        ctx.SetInputGrad(0, dx);
    }
}

/// <summary>GlobalLpPool: the p-norm (p 2 by default) of each (n, c) plane; gradient as <see cref="LpPool"/>.</summary>
public sealed class GlobalLpPool : Operator
{
    private readonly LpNorm _norm;

    public GlobalLpPool(Node node) : base(node) => _norm = LpNorm.FromAttribute(this, node);

    public override void Infer(InferContext ctx) => ctx.SetOutput(0, DataType.Float32, GlobalPoolShape.Infer(this, ctx));

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        var (planes, size) = GlobalPoolShape.Split(x.Shape);
        PlaneParallel.For(planes, size, p =>
        {
            double sum = 0;
            foreach (float v in x.Floats.Slice(p * size, size)) sum += _norm.Power(v);
            y.Floats[p] = _norm.Root(sum);
        });
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs | BackwardNeeds.Outputs;

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var x = ctx.Input(0);
        var (planes, size) = GlobalPoolShape.Split(x.Shape);
        var dx = Tensor.Zeros(x.Shape);
        if (ctx.OutputGrad(0) is { } dy)
        {
            var y = ctx.Output(0);
            for (int p = 0; p < planes; p++)
                for (int i = p * size; i < (p + 1) * size; i++) dx.Floats[i] = dy.Floats[p] * _norm.Derivative(x.Floats[i], y.Floats[p]);
        }
        ctx.SetInputGrad(0, dx);
    }
}

/// <summary>The p of an Lp operator and the scalar pieces of (Σ |x|^p)^(1/p) and its derivative.</summary>
internal readonly struct LpNorm(int p)
{
    public int P { get; } = p;

    /// <summary>Reads attribute p (default 2), which must be positive.</summary>
    public static LpNorm FromAttribute(Operator op, Node node)
    {
        long p = node.Attributes.GetInt("p", 2);
        if (p < 1 || p > 64) throw new ModelException($"{op.Node}: p is {p}, expected a positive exponent up to 64.");
        return new LpNorm((int)p);
    }

    public double Power(float x) => P switch
    {
        1 => Math.Abs(x),
        2 => (double)x * x,
        _ => Math.Pow(Math.Abs(x), P),
    };

    public float Root(double sum) => (float)(P switch
    {
        1 => sum,
        2 => Math.Sqrt(sum),
        _ => Math.Pow(sum, 1.0 / P),
    });

    /// <summary>∂y/∂x = sign(x) · |x|^(p−1) / y^(p−1); 0 where y is 0.</summary>
    public float Derivative(float x, float y) => y == 0 ? 0f : P switch
    {
        1 => MathF.Sign(x),
        2 => x / y,
        _ => (float)(Math.Sign(x) * Math.Pow(Math.Abs(x) / y, P - 1)),
    };
}
