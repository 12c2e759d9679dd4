using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX AveragePool (opsets 7–22): kernel_shape, strides, pads, auto_pad, ceil_mode,
/// count_include_pad, dilations (19). The divisor counts the taps inside the input, or with
/// count_include_pad=1 inside the padded input; taps that a ceil_mode window puts beyond the
/// end padding never count (PyTorch and ONNX Runtime agree on this).
/// </summary>
internal sealed class AveragePool : Operator
{
    private readonly PoolAttributes _attrs;
    private readonly bool _countIncludePad;

    public AveragePool(Node node) : base(node)
    {
        _attrs = new PoolAttributes(node);
        _countIncludePad = node.Attributes.GetInt("count_include_pad", 0) != 0;
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
                        int count = Divisor(g, od, oh, ow);
                        float sum = 0;
                        var w = new PoolWindow(g, od, oh, ow);
                        for (int kd = w.D0; kd < w.D1; kd++)
                            for (int kh = w.H0; kh < w.H1; kh++)
                            {
                                int row = w.Row(kd, kh);
                                for (int kw = w.W0; kw < w.W1; kw++) sum += xp[row + kw * w.Dw];
                            }
                        yp[o++] = count > 0 ? sum / count : 0f;
                    }
        });
    }

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        var dx = Tensor.Zeros(shape);
        if (ctx.OutputGrad(0) is { } dy)
        {
            var g = _attrs.Resolve(shape);
            PlaneParallel.For(g.Planes, (long)g.OutPlane * g.KernelSize, p =>
            {
                ReadOnlySpan<float> dyp = dy.Floats.Slice(p * g.OutPlane, g.OutPlane);
                var dxp = dx.Floats.Slice(p * g.InPlane, g.InPlane);
                int o = 0;
                for (int od = 0; od < g.Out[0]; od++)
                    for (int oh = 0; oh < g.Out[1]; oh++)
                        for (int ow = 0; ow < g.Out[2]; ow++)
                        {
                            int count = Divisor(g, od, oh, ow);
                            float share = count > 0 ? dyp[o] / count : 0f;
                            o++;
                            var w = new PoolWindow(g, od, oh, ow);
                            for (int kd = w.D0; kd < w.D1; kd++)
                                for (int kh = w.H0; kh < w.H1; kh++)
                                {
                                    int row = w.Row(kd, kh);
                                    for (int kw = w.W0; kw < w.W1; kw++) dxp[row + kw * w.Dw] += share;
                                }
                        }
            });
        }
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>How many taps a window's sum is divided by (0: nothing to average, output 0).</summary>
    private int Divisor(PoolGeometry g, int od, int oh, int ow)
    {
        return _countIncludePad
            ? g.PaddedLast[0][od] * g.PaddedLast[1][oh] * g.PaddedLast[2][ow]
            : (g.Last[0][od] - g.First[0][od]) * (g.Last[1][oh] - g.First[1][oh]) * (g.Last[2][ow] - g.First[2][ow]);
    }
}
