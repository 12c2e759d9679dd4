using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX RoiAlign: for each region (x1, y1, x2, y2, scaled by spatial_scale) of image
/// batch_indices[r], an output_height × output_width grid of bins, each the average (or
/// max) of sampling_ratio² bilinear samples (0: ceil(roi size / bins) per axis).
/// coordinate_transformation_mode half_pixel (the default from opset 16) shifts by half a
/// pixel; output_half_pixel (opset 10's behaviour) does not, and makes regions at least
/// 1×1. Max mode follows ONNX Runtime: the largest of the four weighted corner terms.
/// Backward to X spreads each bin's gradient over the pixels its samples read.
/// </summary>
internal sealed class RoiAlign : Operator
{
    private readonly bool _max, _halfPixel;
    private readonly int _outH, _outW, _samplingRatio;
    private readonly float _scale;

    private const long MaxSamplesPerBin = 1 << 20;

    public RoiAlign(Node node, int opset) : base(node)
    {
        var a = node.Attributes;
        string mode = a.GetString("mode", "avg");
        if (mode is not ("avg" or "max")) throw Error($"mode '{mode}' is not avg or max.");
        _max = mode == "max";
        string transform = a.GetString("coordinate_transformation_mode", opset >= 16 ? "half_pixel" : "output_half_pixel");
        if (transform is not ("half_pixel" or "output_half_pixel")) throw Error($"coordinate_transformation_mode '{transform}' is not half_pixel or output_half_pixel.");
        _halfPixel = transform == "half_pixel";
        _outH = (int)Math.Clamp(a.GetInt("output_height", 1), 0, 1 << 16);
        _outW = (int)Math.Clamp(a.GetInt("output_width", 1), 0, 1 << 16);
        _samplingRatio = (int)Math.Clamp(a.GetInt("sampling_ratio", 0), -1, 1 << 16);
        _scale = a.GetFloat("spatial_scale", 1f);
        if (_outH < 1 || _outW < 1 || _samplingRatio < 0) throw Error("output_height and output_width must be positive and sampling_ratio non-negative.");
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        var rois = ctx.Input(1);
        var index = ctx.Input(2);
        if (x.Type != DataType.Float32 || rois.Type != DataType.Float32 || index.Type != DataType.Int64)
            throw Error($"inputs are {x.Type}, {rois.Type}, {index.Type}; expected Float32, Float32, Int64.");
        if (x.Rank != 4 || rois.Rank != 2 || rois.Shape[1] != 4 || index.Rank != 1 || index.Shape[0] != rois.Shape[0])
            throw Error($"X {ShapeArgs.Format(x.Shape)}, rois {ShapeArgs.Format(rois.Shape)} and batch_indices {ShapeArgs.Format(index.Shape)} must be [N, C, H, W], [R, 4] and [R].");
        ctx.SetOutput(0, DataType.Float32, [rois.Shape[0], x.Shape[1], _outH, _outW]);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var yTensor = ctx.Output(0);
        Walk(x.Shape, ctx.Input(1), ctx.Input(2), (at, plane, taps) =>
        {
            var xs = x.Floats;
            // taps: (pixel offset in plane, weight) per sample corner, grouped by sample; null pixel = outside.
            float acc = _max ? float.NegativeInfinity : 0;
            int samples = taps.Count / 4;
            for (int s = 0; s < samples; s++)
            {
                if (_max)
                {
                    float best = float.NegativeInfinity;
                    for (int k = 0; k < 4; k++) best = Math.Max(best, taps[4 * s + k].Weight * Pixel(xs, plane, taps[4 * s + k].Pixel));
                    acc = Math.Max(acc, best);
                }
                else
                    for (int k = 0; k < 4; k++) acc += taps[4 * s + k].Weight * Pixel(xs, plane, taps[4 * s + k].Pixel);
            }
            yTensor.Floats[at] = _max ? (samples == 0 ? 0 : acc) : acc / Math.Max(samples, 1);
        });
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.NeedsInputGrad(1)) throw Error("gradients cannot flow to the regions of interest.");
        if (!ctx.NeedsInputGrad(0)) return;
        var x = ctx.Input(0);
        var gx = Tensor.Zeros(DataType.Float32, x.Shape);
        if (ctx.OutputGrad(0) is { } gyTensor)
        {
            Walk(x.Shape, ctx.Input(1), ctx.Input(2), (at, plane, taps) =>
            {
                var gy = gyTensor.Floats;
                var g = gx.Floats;
                var xs = x.Floats;
                int samples = taps.Count / 4;
                if (samples == 0) return;
                if (!_max)
                {
                    foreach (var (pixel, weight) in taps)
                        if (pixel >= 0) g[plane + pixel] += gy[at] * weight / samples;
                    return;
                }
                // The winning weighted corner of the winning sample takes the gradient.
                int best = -1;
                float bestValue = float.NegativeInfinity;
                for (int k = 0; k < taps.Count; k++)
                {
                    float v = taps[k].Weight * Pixel(xs, plane, taps[k].Pixel);
                    if (v > bestValue) (best, bestValue) = (k, v);
                }
                if (best >= 0 && taps[best].Pixel >= 0) g[plane + taps[best].Pixel] += gy[at] * taps[best].Weight;
            });
        }
        ctx.SetInputGrad(0, gx);
    }

    private static float Pixel(ReadOnlySpan<float> x, int plane, int pixel) => pixel < 0 ? 0 : x[plane + pixel];

    /// <summary>Calls <paramref name="bin"/> for every output element with its input plane offset and its sample taps.</summary>
    private void Walk(int[] xShape, Tensor roisTensor, Tensor indexTensor, Action<int, int, List<(int Pixel, float Weight)>> bin)
    {
        int n = xShape[0], channels = xShape[1], h = xShape[2], w = xShape[3];
        var rois = roisTensor.Floats;
        var index = indexTensor.Longs;
        var taps = new List<(int, float)>();
        float offset = _halfPixel ? 0.5f : 0;
        for (int r = 0; r < index.Length; r++)
        {
            long bi = index[r];
            if (bi < 0 || bi >= n) throw Error($"batch index {bi} of region {r} is outside [0, {n}).");
            float x1 = rois[4 * r] * _scale - offset, y1 = rois[4 * r + 1] * _scale - offset;
            float roiW = rois[4 * r + 2] * _scale - offset - x1, roiH = rois[4 * r + 3] * _scale - offset - y1;
            if (!_halfPixel)
            {
                roiW = Math.Max(roiW, 1);
                roiH = Math.Max(roiH, 1);
            }
            float binH = roiH / _outH, binW = roiW / _outW;
            double gh = _samplingRatio > 0 ? _samplingRatio : Math.Ceiling(roiH / _outH);
            double gw = _samplingRatio > 0 ? _samplingRatio : Math.Ceiling(roiW / _outW);
            // Regions come from the image's data: a huge or non-finite one must not mean billions of samples.
            if (double.IsNaN(gh * gw) || (gh > 0 && gw > 0 && gh * gw > MaxSamplesPerBin))
                throw Error($"region {r} ({rois[4 * r]}, {rois[4 * r + 1]}, {rois[4 * r + 2]}, {rois[4 * r + 3]}) would take {gh * gw} samples per bin, over {MaxSamplesPerBin}.");
            // An empty or inverted region has no samples: its bins are 0, as in torchvision.
            int gridH = (int)Math.Max(gh, 0), gridW = (int)Math.Max(gw, 0);
            for (int ph = 0; ph < _outH; ph++)
                for (int pw = 0; pw < _outW; pw++)
                {
                    taps.Clear();
                    for (int iy = 0; iy < gridH; iy++)
                    {
                        float yy = y1 + ph * binH + (iy + 0.5f) * binH / gridH;
                        for (int ix = 0; ix < gridW; ix++)
                            Sample(yy, x1 + pw * binW + (ix + 0.5f) * binW / gridW, h, w, taps);
                    }
                    for (int c = 0; c < channels; c++)
                        bin(((r * channels + c) * _outH + ph) * _outW + pw, (int)((bi * channels + c) * h * w), taps);
                }
        }
    }

    /// <summary>The four bilinear taps of one sample (pixel -1 with weight 0 outside the image).</summary>
    private static void Sample(float y, float x, int h, int w, List<(int, float)> taps)
    {
        if (y < -1 || y > h || x < -1 || x > w)
        {
            for (int k = 0; k < 4; k++) taps.Add((-1, 0));
            return;
        }
        y = Math.Max(y, 0);
        x = Math.Max(x, 0);
        int yLow = (int)y, xLow = (int)x, yHigh, xHigh;
        if (yLow >= h - 1) { yHigh = yLow = h - 1; y = yLow; } else yHigh = yLow + 1;
        if (xLow >= w - 1) { xHigh = xLow = w - 1; x = xLow; } else xHigh = xLow + 1;
        float ly = y - yLow, lx = x - xLow, hy = 1 - ly, hx = 1 - lx;
        taps.Add((yLow * w + xLow, hy * hx));
        taps.Add((yLow * w + xHigh, hy * lx));
        taps.Add((yHigh * w + xLow, ly * hx));
        taps.Add((yHigh * w + xHigh, ly * lx));
    }
}
