using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// LRN, local response normalisation across channels (AlexNet, GoogLeNet): with S_c the sum of
/// x² over channels c − ⌊(size−1)/2⌋ … c + ⌈(size−1)/2⌉, y_c = x_c / (bias + alpha/size · S_c)^beta.
/// Defaults: alpha 1e-4, beta 0.75, bias 1; size is required.
/// With s_c the denominator base and t_c = g_c · x_c · s_c^(−beta−1),
/// dx_i = g_i · s_i^(−beta) − 2 · beta · alpha/size · x_i · Σ t_c over the channels c whose window holds i.
/// </summary>
public sealed class LRN : Operator
{
    private readonly float _alpha, _beta, _bias;
    private readonly int _size;

    public LRN(Node node) : base(node)
    {
        _alpha = node.Attributes.GetFloat("alpha", 1e-4f);
        _beta = node.Attributes.GetFloat("beta", 0.75f);
        _bias = node.Attributes.GetFloat("bias", 1f);
        if (!node.Attributes.Has("size")) throw Error("attribute size is required.");
        long size = node.Attributes.GetInt("size");
        if (size < 1 || size > int.MaxValue) throw Error($"size is {size}, expected a positive count.");
        _size = (int)size;
    }

    private int Before => (_size - 1) / 2;

    private int After => _size / 2;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32 || x.Rank < 2) throw Error($"input is {x}, expected Float32 with dims (N, C, spatial...).");
        ctx.SetOutput(0, DataType.Float32, x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        Tensor x = ctx.Input(0), y = ctx.Output(0);
        var (batch, channels, plane) = Split(x.Shape);
        PlaneParallel.For(batch * channels, (long)plane * _size, nc =>
        {
            var yp = y.Floats.Slice(nc * plane, plane);
            Base(x.Floats, nc, channels, plane, yp);
            TensorPrimitives.Pow(yp, -_beta, yp);
            TensorPrimitives.Multiply(yp, x.Floats.Slice(nc * plane, plane), yp);
        });
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var x = ctx.Input(0);
        var dx = Tensor.Zeros(x.Shape);
        if (ctx.OutputGrad(0) is not { } g)
        {
            ctx.SetInputGrad(0, dx);
            return;
        }
        var (batch, channels, plane) = Split(x.Shape);
        // t = g · x · s^(−beta−1) per channel; then dx gathers t over the channels whose window holds each channel.
        var t = Tensor.Uninitialized(DataType.Float32, x.Shape);
        PlaneParallel.For(batch * channels, (long)plane * _size, nc =>
        {
            var s = new float[plane];
            Base(x.Floats, nc, channels, plane, s);
            var dxp = dx.Floats.Slice(nc * plane, plane);
            TensorPrimitives.Pow(s, -_beta, dxp);
            TensorPrimitives.Multiply(dxp, g.Floats.Slice(nc * plane, plane), dxp);
            var tp = t.Floats.Slice(nc * plane, plane);
            TensorPrimitives.Pow(s, -_beta - 1, tp);
            TensorPrimitives.Multiply(tp, g.Floats.Slice(nc * plane, plane), tp);
            TensorPrimitives.Multiply(tp, x.Floats.Slice(nc * plane, plane), tp);
        });
        float k = -2 * _beta * _alpha / _size;
        PlaneParallel.For(batch * channels, (long)plane * _size, nc =>
        {
            int n = nc / channels, c = nc % channels;
            var sum = new float[plane];
            // Channel c lies in the window of channels c − After … c + Before.
            for (int j = Math.Max(0, c - After); j <= Math.Min(channels - 1, c + Before); j++)
                TensorPrimitives.Add(sum, t.Floats.Slice((n * channels + j) * plane, plane), sum);
            TensorPrimitives.Multiply(sum, x.Floats.Slice(nc * plane, plane), sum);
            var dxp = dx.Floats.Slice(nc * plane, plane);
            TensorPrimitives.MultiplyAdd(sum, k, dxp, dxp);
        });
        t.Dispose();
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>s = bias + alpha/size · Σ x² over the channel window of plane <paramref name="nc"/>.</summary>
    private void Base(ReadOnlySpan<float> x, int nc, int channels, int plane, Span<float> s)
    {
        int n = nc / channels, c = nc % channels;
        s.Clear();
        for (int j = Math.Max(0, c - Before); j <= Math.Min(channels - 1, c + After); j++)
        {
            var xj = x.Slice((n * channels + j) * plane, plane);
            TensorPrimitives.MultiplyAdd(xj, xj, s, s);
        }
        TensorPrimitives.Multiply(s, _alpha / _size, s);
        TensorPrimitives.Add(s, _bias, s);
    }

    private static (int Batch, int Channels, int Plane) Split(int[] shape) =>
        (shape[0], shape[1], ShapeUtil.Size(shape.AsSpan(2)));
}
