using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX MaxRoiPool (Fast R-CNN's RoI pooling): rois are [R, 5] rows of (batch, x1, y1, x2,
/// y2); each region, rounded to whole pixels after spatial_scale, is cut into
/// pooled_shape bins of floor/ceil-rounded extent and each bin gives its maximum (0 when
/// empty). The gradient goes to each bin's maximum.
/// </summary>
internal sealed class MaxRoiPool : Operator
{
    private readonly int _pooledH, _pooledW;
    private readonly float _scale;

    public MaxRoiPool(Node node) : base(node)
    {
        var shape = node.Attributes.GetInts("pooled_shape") ?? throw Error("required attribute 'pooled_shape' is missing.");
        if (shape.Length != 2 || shape[0] < 1 || shape[1] < 1 || shape[0] > 1 << 16 || shape[1] > 1 << 16)
            throw Error($"pooled_shape [{string.Join(", ", shape)}] must be two positive sizes.");
        (_pooledH, _pooledW) = ((int)shape[0], (int)shape[1]);
        _scale = node.Attributes.GetFloat("spatial_scale", 1f);
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        var rois = ctx.Input(1);
        if (x.Type != DataType.Float32 || rois.Type != DataType.Float32) throw Error($"inputs are {x.Type} and {rois.Type}, expected Float32.");
        if (x.Rank != 4 || rois.Rank != 2 || rois.Shape[1] != 5)
            throw Error($"X {ShapeArgs.Format(x.Shape)} and rois {ShapeArgs.Format(rois.Shape)} must be [N, C, H, W] and [R, 5].");
        ctx.SetOutput(0, DataType.Float32, [rois.Shape[0], x.Shape[1], _pooledH, _pooledW]);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0).Floats;
        var y = ctx.Output(0).Floats;
        var argmax = ArgMax(ctx.Input(0), ctx.Input(1));
        for (int i = 0; i < y.Length; i++) y[i] = argmax[i] < 0 ? 0 : x[argmax[i]];
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.NeedsInputGrad(1)) throw Error("gradients cannot flow to the regions of interest.");
        if (!ctx.NeedsInputGrad(0)) return;
        var x = ctx.Input(0);
        var gx = Tensor.Zeros(DataType.Float32, x.Shape);
        if (ctx.OutputGrad(0) is { } gy)
        {
            var argmax = ArgMax(x, ctx.Input(1));
            for (int i = 0; i < argmax.Length; i++)
                if (argmax[i] >= 0) gx.Floats[argmax[i]] += gy.Floats[i];
        }
        ctx.SetInputGrad(0, gx);
    }

    /// <summary>For each output element, the flat input index of its bin's maximum (-1 for an empty bin).</summary>
    private int[] ArgMax(Tensor xTensor, Tensor roisTensor)
    {
        int n = xTensor.Shape[0], channels = xTensor.Shape[1], h = xTensor.Shape[2], w = xTensor.Shape[3];
        var x = xTensor.Floats;
        var rois = roisTensor.Floats;
        int count = roisTensor.Shape[0];
        var result = new int[count * channels * _pooledH * _pooledW];
        for (int r = 0; r < count; r++)
        {
            var roi = rois.Slice(5 * r, 5);
            int b = (int)roi[0];
            if (b < 0 || b >= n) throw Error($"batch index {roi[0]} of region {r} is outside [0, {n}).");
            int x1 = (int)MathF.Round(roi[1] * _scale, MidpointRounding.AwayFromZero), y1 = (int)MathF.Round(roi[2] * _scale, MidpointRounding.AwayFromZero);
            int x2 = (int)MathF.Round(roi[3] * _scale, MidpointRounding.AwayFromZero), y2 = (int)MathF.Round(roi[4] * _scale, MidpointRounding.AwayFromZero);
            float binH = Math.Max(y2 - y1 + 1, 1) / (float)_pooledH, binW = Math.Max(x2 - x1 + 1, 1) / (float)_pooledW;
            for (int ph = 0; ph < _pooledH; ph++)
            {
                int hs = Math.Clamp((int)MathF.Floor(ph * binH) + y1, 0, h), he = Math.Clamp((int)MathF.Ceiling((ph + 1) * binH) + y1, 0, h);
                for (int pw = 0; pw < _pooledW; pw++)
                {
                    int ws = Math.Clamp((int)MathF.Floor(pw * binW) + x1, 0, w), we = Math.Clamp((int)MathF.Ceiling((pw + 1) * binW) + x1, 0, w);
                    for (int c = 0; c < channels; c++)
                    {
                        int plane = (b * channels + c) * h * w, best = -1;
                        for (int yy = hs; yy < he; yy++)
                            for (int xx = ws; xx < we; xx++)
                            {
                                int at = plane + yy * w + xx;
                                if (best < 0 || x[at] > x[best]) best = at;
                            }
                        result[((r * channels + c) * _pooledH + ph) * _pooledW + pw] = best;
                    }
                }
            }
        }
        return result;
    }
}
